/**
 * Builds the dashboard (`web/dashboard/dist`) before its browser tests, once: skipped when the
 * bundle is newer than every source it is made of (the dashboard and the UI kit's CSS), and
 * guarded by a lock folder so parallel test files never build it at the same time.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dashboard/', import.meta.url));
const COMPONENTS_DIR = fileURLToPath(new URL('../../web/components/', import.meta.url));
const BUILT_INDEX = join(DASHBOARD_DIR, 'dist', 'index.html');
const LOCK_DIR = join(DASHBOARD_DIR, '.build.lock');

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
  return (
    existsSync(BUILT_INDEX) &&
    statSync(BUILT_INDEX).mtimeMs >
      Math.max(findNewestSource(DASHBOARD_DIR), findNewestSource(COMPONENTS_DIR))
  );
}

/** Makes sure `web/dashboard/dist` holds a build of the current sources. */
export async function ensureDashboardBuilt(): Promise<void> {
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
        if (!isBuildFresh()) await build({ root: DASHBOARD_DIR, logLevel: 'warn' });
        return;
      } finally {
        rmSync(LOCK_DIR, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('timed out waiting for another test file to build web/dashboard/dist');
}
