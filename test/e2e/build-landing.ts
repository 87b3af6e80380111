/**
 * Builds the landing page (`web/landing/dist`) before its browser tests, once: skipped when the
 * build is newer than every landing source, and guarded by a lock folder so parallel test
 * files never write it at the same time (as `build-web.ts` does for the studio).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const LANDING_DIR = fileURLToPath(new URL('../../web/landing/', import.meta.url));
const BUILT_INDEX = join(LANDING_DIR, 'dist', 'index.html');
const LOCK_DIR = join(LANDING_DIR, '.build.lock');

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
  return existsSync(BUILT_INDEX) && statSync(BUILT_INDEX).mtimeMs > findNewestSource(LANDING_DIR);
}

/** Makes sure `web/landing/dist` holds a build of the current sources. */
export async function ensureLandingBuilt(): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 250) {
    if (isBuildFresh()) return;
    let locked = false;
    try {
      mkdirSync(LOCK_DIR);
      locked = true;
    } catch {
      if (existsSync(LOCK_DIR) && Date.now() - statSync(LOCK_DIR).mtimeMs > 120_000)
        rmSync(LOCK_DIR, { recursive: true, force: true });
    }
    if (locked) {
      try {
        if (!isBuildFresh()) await build({ root: LANDING_DIR, logLevel: 'warn' });
        return;
      } finally {
        rmSync(LOCK_DIR, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('timed out waiting for another test file to build web/landing/dist');
}
