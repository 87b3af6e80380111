/**
 * What the landing page's browser tests share: opening a page and waiting for its price list,
 * counting the drawn pixels of a WebGL canvas, moving a calculator slider, and the figures the
 * API answers for the same month (`POST /v1/quotes` per line, with a tenant key).
 */
import type { Page } from 'playwright-core';

/** Opens `path` and waits for the calculator's first figures. */
export async function openLanding(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  try {
    await page.getByTestId('calc-credits').waitFor({ timeout: 20_000 });
  } catch (error) {
    throw new Error(`${path} showed no figures; the page says: ${await page.locator('main').textContent()}`, {
      cause: error,
    });
  }
}

/**
 * Pixels of `selector`'s canvas that are not fully transparent (the scenes clear to transparent): the
 * canvas is copied onto a 2D canvas (WebGL keeps its drawing buffer for it) and read back.
 */
export async function countDrawnPixels(page: Page, selector: string): Promise<number> {
  const count = await page.evaluate(`(() => {
    const source = document.querySelector(${JSON.stringify(selector)});
    if (source === null || source.width === 0 || source.height === 0) return 0;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(source, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn += 1;
    return drawn;
  })()`);
  return Number(count);
}

/** Sets a category's slider (`Image generations a month`) to `count`. */
export async function setCount(page: Page, category: string, count: number): Promise<void> {
  const label = `${category.charAt(0).toUpperCase()}${category.slice(1)} generations a month`;
  await page.getByLabel(label).fill(String(count));
}

/** Waits until the test id's text is `expected`; fails with what it shows instead. */
export async function expectText(page: Page, testId: string, expected: string): Promise<void> {
  const locator = page.getByTestId(testId);
  const deadline = Date.now() + 10_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = ((await locator.textContent()) ?? '').trim();
    if (seen === expected) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${testId} shows "${seen}", expected "${expected}"`);
}

export interface MonthLine {
  readonly model: string;
  readonly params?: { variant?: string; duration?: number };
  readonly count: number;
}

/** Credits a month for `lines`, each line priced by `POST /v1/quotes` with the tenant's key. */
export async function quoteMonth(baseUrl: string, key: string, lines: readonly MonthLine[]): Promise<number> {
  let total = 0;
  for (const line of lines) {
    const response = await fetch(`${baseUrl}/v1/quotes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: line.model, ...(line.params ? { params: line.params } : {}) }),
    });
    const body = (await response.json()) as { quote: { credits: number } };
    if (!response.ok) throw new Error(`quote ${line.model}: ${JSON.stringify(body)}`);
    total += body.quote.credits * line.count;
  }
  return total;
}

/** `1,380 credits`, as the page writes credits. */
export function writeCredits(n: number): string {
  return `${new Intl.NumberFormat('en-US').format(n)} credit${n === 1 ? '' : 's'}`;
}

/**
 * Bright pixels the hero's scene shows. The scene draws in a worker (OffscreenCanvas), so it is
 * read from a screenshot of the hero with its text and static picture hidden: on the hero's
 * near-black background only the particles are bright.
 */
export async function countHeroPixels(page: Page): Promise<number> {
  const hide = await page.addStyleTag({
    content: '.hero-text, .hero-fallback { visibility: hidden !important; }',
  });
  const png = await page.locator('#hero').screenshot();
  await hide.evaluate((el) => (el as unknown as { remove(): void }).remove());
  const count = await page.evaluate(`(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png.toString('base64')}';
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let bright = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 200) bright += 1;
    return bright;
  })()`);
  return Number(count);
}
