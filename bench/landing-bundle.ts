/**
 * The landing page's weight as a visitor's browser first loads it: the JavaScript `index.html`
 * references (the entry and what it preloads), gzipped, apart from the lazily loaded three.js
 * scenes. Issue 15's budget is 150 kB gzipped before three.js.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const LANDING_BUDGET_GZIP_BYTES = 150 * 1024;

export interface LandingBundle {
  /** Scripts `index.html` loads before anything else, by file name. */
  readonly firstLoad: readonly string[];
  /** Their gzipped size together. */
  readonly firstLoadGzipBytes: number;
  /** Every other script (the lazy chunks: three.js and the scenes), gzipped together. */
  readonly lazyGzipBytes: number;
  /** Whether any first-load script is the three.js chunk. */
  readonly threeInFirstLoad: boolean;
}

const gzipBytes = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Measures the built landing page in `distDir` (`web/landing/dist`). */
export function measureLandingBundle(distDir: string): LandingBundle {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/landing\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1] as string,
  );
  const all = readdirSync(join(distDir, 'assets')).filter((f) => f.endsWith('.js'));
  const first = new Set(referenced.map((r) => r.replace(/^assets\//, '')));
  const sum = (files: string[]) => files.reduce((n, f) => n + gzipBytes(join(distDir, 'assets', f)), 0);
  return {
    firstLoad: [...first],
    firstLoadGzipBytes: sum([...first]),
    lazyGzipBytes: sum(all.filter((f) => !first.has(f))),
    threeInFirstLoad: [...first].some((f) => f.startsWith('three')),
  };
}
