/**
 * Browser flow on a phone-sized viewport: the floating credits button opens the bottom sheet
 * with the credit history, usage projections and upgrade options.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { ensureWebBuilt } from './build-web.ts';
import { startTestServer, type TestServer } from './server.ts';
import { clickGenerate, expectPreviewCredits, openStudio, textOf } from './studio-page.ts';

describe.skipIf(SKIP_BROWSER)('mobile credit sheet (Chromium)', () => {
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

  it('opens the sheet with history, projections and upgrade options', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await openStudio(page, server.url, 'directors-palette');
    await page.getByTestId('model-select').selectOption('gpt-4o');
    await expectPreviewCredits(page, 20);
    await clickGenerate(page);
    await page.getByTestId('receipt').waitFor();

    const trigger = page.getByTestId('credit-sheet-trigger');
    await expect.poll(() => textOf(trigger)).toBe('1,480 credits');
    // Keyboard operable: focus the floating button and press Enter.
    await trigger.focus();
    await page.keyboard.press('Enter');
    const sheet = page.getByTestId('credit-sheet');
    await sheet.waitFor();
    expect(await page.getByRole('dialog').getAttribute('aria-labelledby')).toBeTruthy();

    const history = sheet.getByTestId('credit-history');
    await expect.poll(() => textOf(history)).toContain('Generation');
    expect(await textOf(history)).toContain('−20');
    expect(await textOf(history)).toContain('Plan credits');
    const projections = sheet.getByTestId('usage-projections');
    expect(await textOf(projections)).toContain('Used in the last 7 days');
    expect(await textOf(projections)).toContain('20 credits');
    expect(await textOf(sheet.getByTestId('plan-picker'))).toContain('Studio Pro');
    // 1,480 credits buy 123 Stable Diffusion XL images (12 each): the affordability answer.
    const buys = sheet.getByTestId('sheet-affordability');
    await expect.poll(() => textOf(buys)).toContain('With 1,480 credits you can still make');
    expect(await textOf(buys)).toContain('123 images with Stable Diffusion XL');
    await page.waitForTimeout(600); // let the sheet finish sliding in before the picture

    await saveScreenshot(page, 'mobile-credit-sheet', { fullPage: false });
    expect(await findSeriousViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await context.close();
  });

  it('names every credit movement and the projection in words a customer reads', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await openStudio(page, server.url, 'musicgen');
    await page.getByTestId('credit-sheet-trigger').click();
    const sheet = page.getByTestId('credit-sheet');
    await sheet.waitFor();
    const history = sheet.getByTestId('credit-history');
    await expect.poll(() => textOf(history)).toContain('Welcome bonus');
    expect(await textOf(history)).toContain('Daily free credit');
    expect(await textOf(history)).not.toContain('Credits added');
    const projections = sheet.getByTestId('usage-projections');
    expect(await textOf(projections)).not.toContain('not burning');
    expect(await textOf(projections.getByTestId('days-until-empty'))).toBe(
      "No recent use, so they aren't running down",
    );
    await page.waitForTimeout(600); // let the sheet finish sliding in before the picture
    await saveScreenshot(page, 'mobile-credit-words', { fullPage: false });
    expect(await findSeriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('on a 390 px phone, Generate is on the first screen and the credits button covers nothing', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await openStudio(page, server.url, 'directors-palette');
    await page.getByTestId('preview-credits').waitFor();
    const generate = await page.getByTestId('generate').boundingBox();
    expect(generate).not.toBeNull();
    expect((generate?.y ?? 0) + (generate?.height ?? 0)).toBeLessThanOrEqual(844);

    // Wherever the page is scrolled, nothing the customer reads or uses lies under the button.
    // (A script string: the test project compiles without the DOM's types.)
    const covered = (): Promise<string[]> =>
      page.evaluate(`(() => {
        const trigger = document.querySelector('[data-testid="credit-sheet-trigger"]');
        if (trigger === null) return ['no trigger'];
        const t = trigger.getBoundingClientRect();
        const hits = [];
        const content = 'main button, main input, main select, main textarea, main a, main p, main h2, main h3, main span, main li, main label';
        for (const el of document.querySelectorAll(content)) {
          if (trigger.contains(el) || el.contains(trigger)) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          if (r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top) {
            hits.push(el.tagName.toLowerCase() + ': ' + (el.textContent ?? '').trim().slice(0, 40));
          }
        }
        return hits;
      })()`);
    for (const y of [0, 300, 600, 10_000]) {
      await page.evaluate(`window.scrollTo(0, ${y})`);
      expect(await covered()).toEqual([]);
    }
    await page.evaluate('window.scrollTo(0, 0)');
    await saveScreenshot(page, 'mobile-first-screen', { fullPage: false });
    expect(await findSeriousViolations(page)).toEqual([]);
    await context.close();
  });
});
