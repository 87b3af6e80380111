/**
 * Lighthouse on the landing page (issue 15 item 3): the same measurement as
 * `npm run bench -- --only landing` (bench/landing.ts, which writes the scores into
 * docs/benchmarks.md) — the desktop preset against Debian's Chromium, median of three runs per
 * page — and the bar: performance at least 90 and accessibility at least 95 on `/` and
 * `/p/musicgen`.
 */
import { describe, expect, it } from 'vitest';
import { LANDING_PAGES, measureLanding } from '../../bench/landing.ts';
import { SKIP_BROWSER } from '../e2e/browser.ts';
import { ensureLandingBuilt } from '../e2e/build-web.ts';

describe.skipIf(SKIP_BROWSER)('Lighthouse on the landing page (desktop preset)', () => {
  it('scores at least 90 for performance and 95 for accessibility on every page', async () => {
    await ensureLandingBuilt();
    const { scores } = await measureLanding({ build: false });
    expect(scores.map((s) => s.url)).toEqual([...LANDING_PAGES]);
    for (const s of scores) {
      expect({ url: s.url, accessibility: s.accessibility }).toEqual({
        url: s.url,
        accessibility: expect.toSatisfy((n: number) => n >= 95),
      });
      expect({ url: s.url, performance: s.performance }).toEqual({
        url: s.url,
        performance: expect.toSatisfy((n: number) => n >= 90),
      });
    }
  }, 600_000);
});
