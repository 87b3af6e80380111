/**
 * Browser flow: the studio tells the customer what their plan allows (issue 16 item 7) — a
 * model the plan lacks names the plans that have it, a used-up daily limit says when it frees
 * and offers the upgrade, the meter counts the plan's quota use, and only one prompt shows at
 * a time (a free model on the free plan is never "out of credits").
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { ensureWebBuilt } from './build-web.ts';
import { startTestServer, type TestServer } from './server.ts';
import { clickGenerate, expectAvailable, expectPreviewCredits, openStudio, textOf } from './studio-page.ts';

/** Switches the demo plan; a downgrade asks first, and is confirmed here. */
async function switchPlan(page: Page, planName: string, downgrade = false): Promise<void> {
  const select = page.getByLabel("Demo customer's plan");
  if (downgrade) {
    await select.selectOption({ label: planName });
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/studio/api/plan')),
      page
        .getByTestId('plan-change-confirm')
        .getByRole('button', { name: `Switch to ${planName}` })
        .click(),
    ]);
  } else {
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/studio/api/plan')),
      select.selectOption({ label: planName }),
    ]);
  }
  await page.locator('.tg-meter .tg-badge', { hasText: planName }).waitFor();
}

async function chooseRunway(page: Page): Promise<void> {
  await page.getByText('Video', { exact: true }).click();
  await page.getByTestId('model-select').selectOption('runway-gen4');
  await page.getByTestId('variant-select').selectOption('5s');
}

describe.skipIf(SKIP_BROWSER)('the studio tells the truth about the plan (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a model the plan lacks names the plans that include it, not "Not enough credits"', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'directors-palette');
    await switchPlan(page, 'Creator Free', true);
    await chooseRunway(page);
    await expectPreviewCredits(page, 30);
    const notice = page.getByTestId('not-entitled');
    await notice.waitFor();
    expect(await textOf(notice)).toContain('not included in Creator Free');
    expect(await textOf(notice)).toContain('Creator Pro, Studio Pro and Enterprise');
    expect(await page.getByTestId('unaffordable').count()).toBe(0);
    expect(await textOf(page.getByTestId('cost-preview'))).not.toContain('Not enough credits');
    await saveScreenshot(page, 'plan-not-entitled');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('counts the daily video limit in the meter, then says when it frees and offers the upgrade', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'directors-palette');
    await switchPlan(page, 'Creator Pro');
    await chooseRunway(page);
    await expectPreviewCredits(page, 30);
    const use = page.locator('[data-testid="quota-use"][data-quota="category:video"]');
    await expect.poll(() => textOf(use)).toBe('0 of 5 videos today');
    for (let i = 0; i < 3; i++) {
      await clickGenerate(page);
      await page.getByTestId('receipt').waitFor();
    }
    await expect.poll(() => textOf(use)).toBe('3 of 5 videos today');
    await clickGenerate(page);
    await clickGenerate(page);
    await expect.poll(() => textOf(use)).toBe('5 of 5 videos today');

    const usedUp = page.getByTestId('quota-used-up');
    await usedUp.waitFor();
    expect(await textOf(usedUp)).toContain("You've used all 5 videos Creator Pro allows today");
    expect(await textOf(usedUp)).toContain('More free up within about 5 hours');
    await usedUp.getByRole('button', { name: 'Upgrade' }).click();
    const picker = page.getByTestId('plan-picker');
    await picker.waitFor();
    expect(await textOf(picker)).toContain('Studio Pro');
    await saveScreenshot(page, 'plan-quota-used-up');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('free generations on the free plan never say "out of credits"; out of credits shows one offer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'directors-palette');
    await switchPlan(page, 'Creator Free', true);
    await page.getByTestId('model-select').selectOption('kimi-k2-free');
    await page.locator('[data-testid="preview-credits"]', { hasText: 'Free' }).waitFor();
    await clickGenerate(page);
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('out-of-credits').count()).toBe(0);
    expect(await page.getByText("You're out of credits!").count()).toBe(0);

    // A paid image with no credits: one offer, not a stack of prompts.
    await page.getByText('Image', { exact: true }).click();
    await page.getByTestId('model-select').selectOption({ index: 0 });
    await page.getByTestId('unaffordable').waitFor();
    await clickGenerate(page);
    await page.getByTestId('out-of-credits').waitFor();
    expect(await page.locator('.tg-prompt, .studio-buy').count()).toBe(1);
    expect(await page.getByTestId('low-credits').count()).toBe(0);
    await saveScreenshot(page, 'plan-free-out-of-credits');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('a downgrade says what happens to the credits before it happens', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'directors-palette');
    await page.getByTestId('model-select').selectOption('gpt-4o');
    await expectPreviewCredits(page, 20);
    await clickGenerate(page);
    await page.getByTestId('receipt').waitFor();
    let switched = false;
    page.on('request', (r) => {
      if (r.url().endsWith('/studio/api/plan')) switched = true;
    });
    await page.getByLabel("Demo customer's plan").selectOption({ label: 'Creator Free' });
    const confirm = page.getByTestId('plan-change-confirm');
    await confirm.waitFor();
    expect(await textOf(confirm)).toContain(
      'Switching to Creator Free takes back the 1,480 credits left from Creator Pro and adds none (Creator Free has no monthly credits). You will have 0 credits; bonus and purchased credits stay.',
    );
    expect(switched).toBe(false);
    await saveScreenshot(page, 'plan-downgrade-confirm');
    expect(await findSeriousViolations(page)).toEqual([]);

    await confirm.getByRole('button', { name: 'Keep Creator Pro' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(switched).toBe(false);
    await page.getByLabel("Demo customer's plan").selectOption({ label: 'Creator Free' });
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/studio/api/plan')),
      page.getByTestId('plan-change-confirm').getByRole('button', { name: 'Switch to Creator Free' }).click(),
    ]);
    await expectAvailable(page, 0);
    await page.close();
  });
});
