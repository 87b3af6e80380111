/**
 * Builds a web bundle (`<root>/dist`) before browser tests, once: skipped when the bundle is
 * newer than every source it is made of, and guarded by a lock folder in the root so test
 * files running in parallel workers never build the same bundle at the same time. The studio
 * (`web/`), the landing page (`web/landing/`) and the dashboard (`web/dashboard/`) each have one.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const webPath = (path: string) => fileURLToPath(new URL(`../../web/${path}`, import.meta.url));

function findNewestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? findNewestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function tryLock(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
    return true;
  } catch {
    // A lock left by a crashed run older than two minutes is stale.
    if (existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > 120_000)
      rmSync(lockDir, { recursive: true, force: true });
    return false;
  }
}

/** Makes sure `<root>/dist` holds a build of `root` and of the other `sources` folders. */
async function ensureBuilt(root: string, sources: readonly string[] = []): Promise<void> {
  const builtIndex = join(root, 'dist', 'index.html');
  const lockDir = join(root, '.build.lock');
  const isFresh = () =>
    existsSync(builtIndex) &&
    statSync(builtIndex).mtimeMs > Math.max(...[root, ...sources].map(findNewestSource));
  for (let waited = 0; waited < 120_000; waited += 250) {
    if (isFresh()) return;
    if (tryLock(lockDir)) {
      try {
        if (!isFresh()) await build({ root, logLevel: 'warn' });
        return;
      } finally {
        rmSync(lockDir, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for another test file to build ${relative(process.cwd(), root)}/dist`);
}

/** The studio (`web/dist`). */
export const ensureWebBuilt = () => ensureBuilt(webPath(''));

/** The landing page (`web/landing/dist`). */
export const ensureLandingBuilt = () => ensureBuilt(webPath('landing/'));

/** The dashboard (`web/dashboard/dist`), which also bundles the UI kit's CSS. */
export const ensureDashboardBuilt = () => ensureBuilt(webPath('dashboard/'), [webPath('components/')]);
