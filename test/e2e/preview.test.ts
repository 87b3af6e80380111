/**
 * Browser flow: the cost preview shows the catalog's price for the chosen model and parameters
 * as they change, and cheaper alternatives with the credits each saves.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { ensureWebBuilt } from './build-web.ts';
import { startTestServer, type TestServer } from './server.ts';
import { expectPreviewCredits, openStudio, textOf } from './studio-page.ts';

describe.skipIf(SKIP_BROWSER)('studio cost preview (Chromium)', () => {
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

  it("shows Director's Palette prices and cheaper alternatives as the choice changes", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'directors-palette');

    await page.getByTestId('model-select').selectOption('gpt-4o');
    await expectPreviewCredits(page, 20);
    const alternatives = page.getByTestId('alternatives');
    await expect.poll(() => textOf(alternatives)).toContain('Try KIMI K2 (free)');
    expect(await textOf(alternatives)).toContain('saves 20 credits');

    await page.getByTestId('model-select').selectOption('claude-3.5-sonnet');
    await expectPreviewCredits(page, 18);

    await page.getByText('Video', { exact: true }).click();
    await page.getByTestId('model-select').selectOption('runway-gen4');
    await page.getByTestId('variant-select').selectOption('10s');
    await expectPreviewCredits(page, 60);
    // Stable Video (25) is cheaper than a 10 s Gen-4 clip (60): 35 credits saved.
    await expect.poll(() => textOf(page.getByTestId('alternatives'))).toContain('Stable Video');
    expect(await textOf(page.getByTestId('alternatives'))).toContain('saves 35 credits');

    await page.getByTestId('variant-select').selectOption('5s');
    await expectPreviewCredits(page, 30);
    expect(await textOf(page.getByTestId('affordable'))).toContain('1,470 credits left after this');
    // What is still affordable, in clips, from GET /v1/customers/:id/affordability.
    await expect
      .poll(() => textOf(page.getByTestId('preview-affordability')))
      .toMatch(/^You can still make [\d,]+ × 5 s clips or [\d,]+ × 10 s clips with RunwayML Gen-4\.$/);

    await saveScreenshot(page, 'preview-directors-palette');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('prices MusicGen clips by the duration slider, next step up between steps', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openStudio(page, server.url, 'musicgen');
    const slider = page.getByTestId('duration-slider');
    await slider.fill('5');
    await expectPreviewCredits(page, 1);
    await slider.fill('12');
    await expectPreviewCredits(page, 3);
    expect(await page.getByText('billed as 15 s').count()).toBe(1);
    await slider.fill('30');
    await expectPreviewCredits(page, 5);
    await expect
      .poll(() => textOf(page.getByTestId('preview-affordability')))
      .toMatch(/^You can still make [\d,]+ × 5 s clips, [\d,]+ × 10 s clips, .* with MusicGen\.$/);

    await saveScreenshot(page, 'preview-musicgen');
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });
});
