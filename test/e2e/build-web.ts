/**
 * Builds the web bundle (`web/dist`) before browser tests, once: skipped when the bundle is
 * newer than every source file, and guarded by a lock folder so test files running in
 * parallel workers never write `web/dist` at the same time.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const BUILT_INDEX = join(WEB_DIR, 'dist', 'index.html');
const LOCK_DIR = join(WEB_DIR, '.build.lock');

function findNewestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? findNewestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBuildFresh(): boolean {
  return existsSync(BUILT_INDEX) && statSync(BUILT_INDEX).mtimeMs > findNewestSource(WEB_DIR);
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK_DIR);
    return true;
  } catch {
    // A lock left by a crashed run older than two minutes is stale.
    if (existsSync(LOCK_DIR) && Date.now() - statSync(LOCK_DIR).mtimeMs > 120_000)
      rmSync(LOCK_DIR, { recursive: true, force: true });
    return false;
  }
}

/** Makes sure `web/dist` holds a build of the current sources. */
export async function ensureWebBuilt(): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 250) {
    if (isBuildFresh()) return;
    if (tryLock()) {
      try {
        if (!isBuildFresh()) await build({ root: WEB_DIR, logLevel: 'warn' });
        return;
      } finally {
        rmSync(LOCK_DIR, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('timed out waiting for another test file to build web/dist');
}
