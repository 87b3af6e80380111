/**
 * Browser flows: a generation holds, runs the simulated provider on the server and commits —
 * the receipt shows the charge and the meter moves; a provider failure voids the hold and
 * charges nothing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { ensureWebBuilt } from './build-web.ts';
import { startTestServer, type TestServer } from './server.ts';
import { clickGenerate, expectAvailable, expectPreviewCredits, openStudio, textOf } from './studio-page.ts';

describe.skipIf(SKIP_BROWSER)('studio generations (Chromium)', () => {
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

  it('charges a generation, shows the receipt and moves the meter', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'directors-palette');
    const meter = page.getByRole('meter');
    expect(await meter.getAttribute('aria-valuenow')).toBe('0');
    expect(await meter.getAttribute('aria-valuemax')).toBe('1500');

    await page.getByTestId('model-select').selectOption('gpt-4o');
    await expectPreviewCredits(page, 20);
    await page.getByLabel('Prompt').fill('A lighthouse keeper finds a map in a bottle');
    await clickGenerate(page);

    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    expect(await textOf(page.getByTestId('receipt-used'))).toBe('20 credits');
    expect(await textOf(page.getByTestId('receipt-remaining'))).toBe('1,480 credits');
    expect(await textOf(receipt)).toContain('Plan credits');
    expect(await textOf(receipt)).toContain('Save next time');
    expect(await textOf(page.getByTestId('generation-output'))).toContain('lighthouse keeper');
    await expectAvailable(page, 1480);
    await expect.poll(() => meter.getAttribute('aria-valuenow')).toBe('20');

    // An image drawn on the server, two of them.
    await page.getByText('Image', { exact: true }).click();
    await page.getByTestId('model-select').selectOption('sdxl');
    await page.getByLabel('How many').fill('2');
    await expectPreviewCredits(page, 24);
    await clickGenerate(page);
    await expect.poll(() => textOf(page.getByTestId('receipt-used'))).toBe('24 credits');
    expect(await page.locator('[data-testid="generation-output"] img').count()).toBe(2);
    await expectAvailable(page, 1456);

    await saveScreenshot(page, 'generate-receipt');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('charges nothing when the simulated provider fails', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'directors-palette');
    await page.getByTestId('model-select').selectOption('claude-3.5-sonnet');
    await expectPreviewCredits(page, 18);
    await page.getByLabel(/Provider failure chance/).fill('100');
    await clickGenerate(page);

    const failed = page.getByTestId('generation-failed');
    await failed.waitFor();
    expect(await textOf(failed)).toContain('No credits were charged');
    await expectAvailable(page, 1500);
    expect(await page.getByRole('meter').getAttribute('aria-valuenow')).toBe('0');
    expect(await page.getByTestId('receipt').count()).toBe(0);

    await saveScreenshot(page, 'generate-provider-failure');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });
});
