/**
 * Browser flow (MusicGen): spend the welcome credits, see the low-credit and out-of-credit
 * prompts in the preset app's own words, buy a pack through the test checkout (signed events through the
 * Stripe webhook handler), come back with the credits added and generate again.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { ensureWebBuilt } from './build-web.ts';
import { startTestServer, type TestServer } from './server.ts';
import { clickGenerate, expectAvailable, expectPreviewCredits, openStudio, textOf } from './studio-page.ts';

describe.skipIf(SKIP_BROWSER)('out of credits → test checkout → generate again (Chromium)', () => {
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

  it('runs dry, buys the Starter pack and keeps creating', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'musicgen');
    await expectAvailable(page, 11); // the welcome reward and today's free credit

    const slider = page.getByTestId('duration-slider');
    await slider.fill('5');
    await expectPreviewCredits(page, 1);
    await clickGenerate(page);
    await expectAvailable(page, 10);

    await slider.fill('30');
    await expectPreviewCredits(page, 5);
    await clickGenerate(page);
    await expectAvailable(page, 5);
    expect(await page.locator('[data-testid="generation-output"] audio').count()).toBe(1);

    await slider.fill('15');
    await expectPreviewCredits(page, 3);
    await clickGenerate(page);
    await expectAvailable(page, 2);
    const low = page.getByTestId('low-credits');
    await low.waitFor();
    expect(await textOf(low)).toContain('You have 2 credits left.');
    expect(await textOf(low)).toContain('Buy more to keep creating!');
    await saveScreenshot(page, 'checkout-low-credits');

    await slider.fill('10');
    await expectPreviewCredits(page, 2);
    await clickGenerate(page);
    await expectAvailable(page, 0);
    const out = page.getByTestId('out-of-credits');
    await out.waitFor();
    expect(await textOf(out)).toContain("You're out of credits!");
    expect(await textOf(out)).toContain('Choose a package to continue:');
    await expectPreviewCredits(page, 2);
    expect(await textOf(page.getByTestId('unaffordable'))).toContain('Not enough credits');
    await saveScreenshot(page, 'checkout-out-of-credits');
    expect(await findSeriousViolations(page)).toEqual([]);

    // What the customer typed and chose survives the trip to the checkout and back.
    await page.getByLabel('Prompt').fill('a sea shanty about lighthouses');
    await page.getByLabel(/Provider failure chance/).fill('20');
    await Promise.all([
      page.waitForURL(/\/test-checkout\/tc_test_/),
      out.getByRole('button', { name: 'Starter - $5' }).click(),
    ]);
    expect(await textOf(page.getByRole('note'))).toContain('TEST MODE');
    await saveScreenshot(page, 'checkout-test-page');
    expect(await findSeriousViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL(/checkout=success/),
      page.getByRole('button', { name: /^Pay \$5/ }).click(),
    ]);

    await page.getByTestId('checkout-success').waitFor();
    await expectAvailable(page, 100);
    expect(await page.getByLabel('Prompt').inputValue()).toBe('a sea shanty about lighthouses');
    expect(await page.getByTestId('duration-slider').inputValue()).toBe('10');
    const failure = page.getByLabel(/Provider failure chance/);
    expect(await failure.inputValue()).toBe('20');
    await saveScreenshot(page, 'checkout-back-with-draft');
    await failure.fill('0');
    await page.getByTestId('duration-slider').fill('10');
    await expectPreviewCredits(page, 2);
    await clickGenerate(page);
    await page.getByTestId('receipt').waitFor();
    expect(await textOf(page.getByTestId('receipt'))).toContain('Purchased pack');
    await expectAvailable(page, 98);

    await saveScreenshot(page, 'checkout-generate-again');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });
});
