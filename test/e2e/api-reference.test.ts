/**
 * Browser flow: `/docs` is Redoc rendering `/openapi.json` from the same server. Chromium may
 * reach only that server (every other request is refused and recorded), and the page shows
 * every operation of the document with its request and response examples.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

describe.skipIf(SKIP_BROWSER)('the API reference at /docs (Chromium, offline)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders every operation with its examples, with no request leaving the server', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const elsewhere: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) {
        await route.continue();
      } else {
        elsewhere.push(url);
        await route.abort('internetdisconnected');
      }
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The one refusal expected: the page's policy keeps Redoc's footer logo off its CDN.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('cdn.redoc.ly/redoc/logo-mini.svg'))
        errors.push(m.text());
    });

    await page.goto(`${server.url}/docs`);
    await page.getByRole('heading', { name: 'Tollgate API' }).first().waitFor();
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary: string }>>;
    };
    const summaries = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.summary));
    expect(summaries.length).toBeGreaterThan(30);
    const text = await page.locator('#reference').textContent();
    for (const summary of summaries) expect(text).toContain(summary);

    // The hold operation: its curl request, its request body sample and its 200 response sample.
    const hold = page.locator('[id="operation/createHold"]');
    await hold.scrollIntoViewIfNeeded();
    const holdText = await hold.textContent();
    expect(holdText).toContain('Request samples');
    expect(holdText).toMatch(/"customer":\s*"alice"/);
    expect(holdText).toContain('Response samples');
    expect(holdText).toMatch(/"object":\s*"hold"/);
    await hold.getByRole('tab', { name: 'curl' }).click();
    expect(await hold.textContent()).toContain('curl -X POST "$TOLLGATE_URL/v1/holds"');
    expect(text).toContain('insufficient_credits');
    await saveScreenshot(page, 'api-reference', { fullPage: false });

    // The site icon decodes as a 32×32 image (a page of its own, outside the request recorder).
    const iconPage = await browser.newPage();
    await iconPage.goto(`${server.url}/favicon.ico`);
    const icon = await iconPage.evaluate(
      '[document.images[0].naturalWidth, document.images[0].naturalHeight]',
    );
    await iconPage.close();
    expect(icon).toEqual([32, 32]);

    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    // axe is injected as an inline script, which the page's policy refuses: bypass it for the scan.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    await page.goto(`${server.url}/docs`);
    await page.getByRole('heading', { name: 'Tollgate API' }).first().waitFor();
    await page.locator('pre[tabindex="0"]').first().waitFor();
    expect(await findSeriousViolations(page)).toEqual([]);
    await page.close();
  }, 120_000); // axe over every operation takes a while on a loaded machine
});
