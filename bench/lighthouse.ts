/**
 * Lighthouse (the `lighthouse` package, 12.2.3: the last release that runs on Node 20) against
 * Debian's Chromium, with the desktop preset. Chromium is started by playwright-core with a
 * remote-debugging port Lighthouse connects to, with its own defaults for graphics: headless,
 * without a GPU, it still gives the hero's worker WebGL (software), so the three.js scene is part
 * of what is measured. (Forcing ANGLE on SwiftShader, as the browser tests do to draw on the
 * page's own canvases, moves the GPU process's start-up onto the first page measured.)
 */
import { createServer } from 'node:net';
import lighthouse, { desktopConfig } from 'lighthouse';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface LighthouseScores {
  readonly url: string;
  readonly performance: number;
  readonly accessibility: number;
  readonly bestPractices: number;
  readonly seo: number;
  /** Largest contentful paint and total blocking time as Lighthouse computed them, ms. */
  readonly lcpMs: number;
  readonly tbtMs: number;
}

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

const score = (s: number | null | undefined) => Math.round((s ?? 0) * 100);

/**
 * Runs Lighthouse's desktop preset `runs` times on each URL, in one Chromium, and answers each
 * URL's median run by performance (Lighthouse's own advice: single runs vary, and on a shared
 * machine a neighbour's burst of work lands in one run as a long task).
 */
export async function runLighthouse(urls: readonly string[], runs = 3): Promise<LighthouseScores[]> {
  const port = await findFreePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      `--remote-debugging-port=${port}`,
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    // Warm the browser up first: its GPU process (SwiftShader) starts on the first page it
    // draws, a cost of the browser's start-up that would otherwise land in the first page's score.
    const warm = await browser.newPage();
    for (const url of urls) await warm.goto(url, { waitUntil: 'load' });
    await warm.close();
    const results: LighthouseScores[] = [];
    for (const url of urls) {
      const tries: LighthouseScores[] = [];
      for (let i = 0; i < runs; i++) tries.push(await runOnce(port, url));
      tries.sort((a, b) => a.performance - b.performance);
      results.push(tries[Math.floor(tries.length / 2)] as LighthouseScores);
    }
    return results;
  } finally {
    await browser.close();
  }
}

async function runOnce(port: number, url: string): Promise<LighthouseScores> {
  const run = await lighthouse(
    url,
    {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    },
    desktopConfig,
  );
  if (run === undefined) throw new Error(`lighthouse answered nothing for ${url}`);
  const { categories, audits, runtimeError } = run.lhr;
  if (runtimeError !== undefined) throw new Error(`lighthouse: ${runtimeError.code} ${runtimeError.message}`);
  return {
    url,
    performance: score(categories.performance?.score),
    accessibility: score(categories.accessibility?.score),
    bestPractices: score(categories['best-practices']?.score),
    seo: score(categories.seo?.score),
    lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? 0),
    tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? 0),
  };
}
