/**
 * `npm run bench -- --only landing`: builds the landing page, serves it as `npm start` does (a
 * fresh SQLite database, demo mode) and measures it — the gzipped JavaScript a first visit
 * loads (budget 150 kB before three.js) and Lighthouse's desktop scores for `/` and
 * `/p/musicgen`. test/landing/lighthouse.test.ts runs the same measurement and asserts the scores.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { readConfig } from '../src/config.ts';
import { createEngine } from '../src/engine/engine.ts';
import { buildApp } from '../src/http/app.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
import { LANDING_BUDGET_GZIP_BYTES, type LandingBundle, measureLandingBundle } from './landing-bundle.ts';
import { CHROMIUM_PATH, type LighthouseScores, runLighthouse } from './lighthouse.ts';
import type { PartResult } from './part.ts';

const LANDING_DIR = fileURLToPath(new URL('../web/landing/', import.meta.url));
export const LANDING_PAGES = ['/', '/p/musicgen'] as const;

export interface LandingMeasurement {
  readonly bundle: LandingBundle;
  readonly scores: readonly LighthouseScores[];
}

/** Serves the built landing page on a fresh demo server and measures it; `build: false` reuses the build. */
export async function measureLanding(options: { build?: boolean } = {}): Promise<LandingMeasurement> {
  if (options.build !== false) await build({ root: LANDING_DIR, logLevel: 'warn' });
  const bundle = measureLandingBundle(join(LANDING_DIR, 'dist'));
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-lighthouse-'));
  const store = openSqliteStore(join(dir, 'tollgate.db'));
  const engine = createEngine({ store });
  const app = buildApp({ engine, store, config: readConfig({}), demo: true });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    // First visits make the demo tenants, as a visitor to a fresh `npm start` would.
    for (const slug of ['directors-palette', 'musicgen']) await fetch(`${base}/v1/public/catalogs/${slug}`);
    const scores = await runLighthouse(LANDING_PAGES.map((p) => `${base}${p}`));
    return { bundle, scores: scores.map((s) => ({ ...s, url: s.url.slice(base.length) })) };
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** The bench part: figures and the docs/benchmarks.md section. */
export async function benchLanding(): Promise<PartResult> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `the landing part needs Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium); or leave it out with --only`,
    );
  const { bundle, scores } = await measureLanding();
  const figures: Record<string, number> = {
    first_load_gzip_bytes: bundle.firstLoadGzipBytes,
    lazy_gzip_bytes: bundle.lazyGzipBytes,
  };
  for (const s of scores) {
    const key = s.url === '/' ? 'root' : s.url.replace(/^\/p\//, '');
    figures[`${key}_performance`] = s.performance;
    figures[`${key}_accessibility`] = s.accessibility;
  }
  const section = [
    '## Landing page (issue 15: Lighthouse 12.2.3, desktop preset, Debian Chromium)',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench -- --only landing\`; each page's median of three runs after a warm-up load; the suite's test/landing/lighthouse.test.ts asserts performance ≥ 90 and accessibility ≥ 95.`,
    '',
    '| Page | Performance | Accessibility | Best practices | SEO | LCP | TBT |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...scores.map(
      (s) =>
        `| \`${s.url}\` | ${s.performance} | ${s.accessibility} | ${s.bestPractices} | ${s.seo} | ${s.lcpMs} ms | ${s.tbtMs} ms |`,
    ),
    '',
    `JavaScript of a first visit (${bundle.firstLoad.join(', ')}): **${kb(bundle.firstLoadGzipBytes)} gzipped** (budget ${kb(LANDING_BUDGET_GZIP_BYTES)}); three.js and the scenes, loaded after the first paint and only with WebGL: ${kb(bundle.lazyGzipBytes)} gzipped.`,
  ];
  return { figures, section };
}
