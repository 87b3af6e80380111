/**
 * The landing page in Chromium (issue 15 item 4). With WebGL on SwiftShader: `/` (Director's
 * Palette) and `/p/musicgen` draw their hero and bar scenes (non-blank canvas pixels), the
 * calculator's sliders show the credits `POST /v1/quotes` gives for the same month and the
 * cheapest plan or pack mix, a buy button reaches the TEST MODE checkout, axe-core finds no
 * serious violation, and each page is saved at desktop and phone (390 px) widths. Without
 * WebGL the hero shows its static picture and the page still works.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { ensureLandingBuilt } from './build-web.ts';
import {
  countDrawnPixels,
  countHeroPixels,
  expectText,
  openLanding,
  quoteMonth,
  setCount,
  writeCredits,
} from './landing-page.ts';
import { startTestServer, type TestServer } from './server.ts';

async function tenantKey(server: TestServer, tenant: string): Promise<string> {
  // The public page makes the demo tenant on first visit; a key lets the test ask /v1/quotes.
  await fetch(`${server.url}/v1/public/catalogs/${tenant}`);
  const key = await server.engine.createTenantKey(tenant);
  if (!key.ok) throw new Error(key.error.message);
  return key.value.secretKey;
}

async function expectHeroDrawn(page: Page): Promise<void> {
  await page.locator('#hero[data-hero="webgl"]').waitFor({ timeout: 20_000 });
  await page.locator('#hero-canvas[data-running="true"]').waitFor({ timeout: 10_000 });
  expect(await countHeroPixels(page)).toBeGreaterThan(100);
}

async function expectBarsDrawn(page: Page): Promise<void> {
  const bars = page.getByTestId('bars-canvas');
  await bars.scrollIntoViewIfNeeded();
  await page.locator('[data-testid="bars-canvas"][data-drawn="true"]').waitFor({ timeout: 20_000 });
  expect(await countDrawnPixels(page, '[data-testid="bars-canvas"]')).toBeGreaterThan(500);
}

async function savePhoneScreenshot(browser: Browser, url: string, name: string): Promise<void> {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await phone.goto(url);
  await phone.getByTestId('calc-credits').waitFor({ timeout: 20_000 });
  expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await saveScreenshot(phone, name);
  expect(await findSeriousViolations(phone)).toEqual([]);
  await phone.close();
}

describe.skipIf(SKIP_BROWSER)('the landing page (Chromium, WebGL on SwiftShader)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureLandingBuilt();
    server = await startTestServer();
    browser = await launchChromium({ webgl: 'swiftshader' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("/ draws its hero, prices months as the API does, and sells Director's Palette's plans", async () => {
    const key = await tenantKey(server, 'directors-palette');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openLanding(page, server.url, '/');
    expect(await page.locator('#hero-brand').textContent()).toBe("Director's Palette");
    await expectHeroDrawn(page);
    // Free models come first in their category.
    const text = page.locator('.category').first();
    expect(await text.locator('.model-card').first().textContent()).toContain('Free');

    // The starting mix, then two more, each checked against POST /v1/quotes line by line.
    const starting = await quoteMonth(server.url, key, [
      { model: 'kimi-vl-a3b', count: 200 },
      { model: 'gen4-image', count: 40 },
      { model: 'runway-gen4', params: { variant: '5s' }, count: 6 },
    ]);
    await expectText(page, 'calc-credits', writeCredits(starting));
    await expectText(page, 'calc-plan', 'Creator Pro');
    await expectText(page, 'calc-cost', '$25');

    await setCount(page, 'image', 150);
    await page.locator('[data-category="video"] select').nth(1).selectOption('10s');
    await setCount(page, 'video', 20);
    const bigger = await quoteMonth(server.url, key, [
      { model: 'kimi-vl-a3b', count: 200 },
      { model: 'gen4-image', count: 150 },
      { model: 'runway-gen4', params: { variant: '10s' }, count: 20 },
    ]);
    expect(bigger).toBe(200 + 3750 + 1200);
    await expectText(page, 'calc-credits', writeCredits(bigger));
    await expectText(page, 'calc-plan', 'Enterprise'); // 5,150 credits: more than Studio Pro's 5,000
    await expectText(page, 'calc-cost', '$200');

    await setCount(page, 'text', 0);
    await setCount(page, 'image', 20);
    await setCount(page, 'video', 0);
    const small = await quoteMonth(server.url, key, [{ model: 'gen4-image', count: 20 }]);
    await expectText(page, 'calc-credits', writeCredits(small));
    await expectText(page, 'calc-plan', 'Creator Pro'); // Creator Free has no credits to spend
    await expectBarsDrawn(page);
    // The catalog lists competitors: they stand beside the plans, for comparison.
    expect(await page.locator('.calc-table tr.competitor').allTextContents()).toEqual([
      'Midjourney (for comparison)—$60',
      'RunwayML (for comparison)—$95',
      'LTX Studio (for comparison)—$125',
    ]);

    await page.getByTestId('calc-credits').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'landing-desktop');
    expect(await findSeriousViolations(page)).toEqual([]);

    // Off screen the hero's animation stops; back on screen it runs again.
    await page.getByRole('heading', { name: 'Plans' }).scrollIntoViewIfNeeded();
    await page.locator('#hero-canvas[data-running="false"]').waitFor({ timeout: 10_000 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator('#hero-canvas[data-running="true"]').waitFor({ timeout: 10_000 });

    await Promise.all([
      page.waitForURL(/\/test-checkout\/tc_test_/),
      page.getByRole('button', { name: 'Choose Studio Pro' }).click(),
    ]);
    expect(await page.getByRole('note').textContent()).toContain('TEST MODE');
    expect(await page.locator('body').textContent()).toContain('$75');
    await saveScreenshot(page, 'landing-checkout');
    await page.close();
    await savePhoneScreenshot(browser, `${server.url}/`, 'landing-phone');

    // Reduced motion: one still frame, never animated.
    const still = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await openLanding(still, server.url, '/');
    await still.locator('#hero-canvas[data-drawn="true"]').waitFor({ timeout: 20_000 });
    await still.waitForTimeout(500);
    expect(await still.locator('#hero-canvas').getAttribute('data-running')).toBe('false');
    expect(await countHeroPixels(still)).toBeGreaterThan(100);
    await still.close();
  });

  it('/p/musicgen takes the music flavour, prices clips and packs, and buys a pack', async () => {
    const key = await tenantKey(server, 'musicgen');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openLanding(page, server.url, '/p/musicgen');
    expect(await page.locator('body').getAttribute('class')).toContain('flavour-music');
    expect(await page.locator('#music-title').textContent()).toBe('Clips priced by length');
    await expectHeroDrawn(page);

    await page.locator('[data-category="music"] select').nth(1).selectOption('30s');
    await setCount(page, 'music', 100);
    const month = await quoteMonth(server.url, key, [
      { model: 'musicgen', params: { duration: 30 }, count: 100 },
    ]);
    expect(month).toBe(500); // 30 s = 5 credits, the table's price
    await expectText(page, 'calc-credits', writeCredits(month));
    // 30 free daily credits leave 470: Popular (400, $15) + Starter (100, $5) beats Pro ($35).
    await expectText(page, 'calc-plan', 'Free + 1 × Starter Pack + 1 × Popular Pack');
    await expectText(page, 'calc-cost', '$20');
    await expectBarsDrawn(page);

    await setCount(page, 'music', 10);
    const few = await quoteMonth(server.url, key, [
      { model: 'musicgen', params: { duration: 30 }, count: 10 },
    ]);
    await expectText(page, 'calc-credits', writeCredits(few));
    await expectText(page, 'calc-plan', 'Free + 1 × Starter Pack'); // 50 credits: 30 free, 20 bought
    await expectText(page, 'calc-cost', '$5');
    await setCount(page, 'music', 6);
    await expectText(page, 'calc-credits', writeCredits(30));
    await expectText(page, 'calc-plan', 'Free'); // the daily free credits cover 30
    await expectText(page, 'calc-cost', '$0');

    await page.locator('.music-section audio').waitFor({ timeout: 20_000 });
    await page.getByTestId('calc-credits').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'landing-musicgen-desktop');
    expect(await findSeriousViolations(page)).toEqual([]);

    await Promise.all([
      page.waitForURL(/\/test-checkout\/tc_test_/),
      page.getByRole('button', { name: 'Buy Starter Pack' }).click(),
    ]);
    expect(await page.getByRole('note').textContent()).toContain('TEST MODE');
    await page.close();
    await savePhoneScreenshot(browser, `${server.url}/p/musicgen`, 'landing-musicgen-phone');
  });
});

describe.skipIf(SKIP_BROWSER)('the landing page without WebGL (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureLandingBuilt();
    server = await startTestServer();
    browser = await launchChromium({ webgl: 'off' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the static hero picture and still prices a month', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openLanding(page, server.url, '/');
    expect(await page.evaluate("document.createElement('canvas').getContext('webgl')")).toBeNull();
    await page.waitForTimeout(1500); // past the moment the scene would have loaded
    expect(await page.locator('#hero').getAttribute('data-hero')).toBe('fallback');
    expect(await page.locator('.hero-fallback').isVisible()).toBe(true);
    expect(
      await page
        .locator('.hero-fallback')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1200);
    await setCount(page, 'text', 0);
    await setCount(page, 'video', 0);
    await setCount(page, 'image', 100);
    await expectText(page, 'calc-credits', writeCredits(100 * 25));
    await expectText(page, 'calc-plan', 'Studio Pro'); // 2,500 credits: more than Creator Pro's 1,500
    await expectText(page, 'calc-cost', '$75');
    await saveScreenshot(page, 'landing-no-webgl', { fullPage: false });
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  });
});
