/**
 * The landing page's first load stays light (issue 15 item 3): the JavaScript `index.html`
 * loads before anything else is under 150 kB gzipped, and three.js is not part of it (the
 * hero's worker and the calculator's bars load it later, only where WebGL is used).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANDING_BUDGET_GZIP_BYTES, measureLandingBundle } from '../../bench/landing-bundle.ts';
import { ensureLandingBuilt } from '../e2e/build-web.ts';

const DIST = fileURLToPath(new URL('../../web/landing/dist/', import.meta.url));

describe('the landing page bundle', () => {
  beforeAll(async () => {
    await ensureLandingBuilt();
  }, 120_000);

  it('loads under 150 kB of gzipped JavaScript before three.js, and three.js only lazily', () => {
    const bundle = measureLandingBundle(DIST);
    expect(bundle.firstLoad.length).toBeGreaterThan(0);
    expect(bundle.threeInFirstLoad).toBe(false);
    expect(bundle.firstLoadGzipBytes).toBeLessThan(LANDING_BUDGET_GZIP_BYTES);
    // three.js is in the build, just not in the first load.
    expect(bundle.lazyGzipBytes).toBeGreaterThan(100 * 1024);
  });
});
