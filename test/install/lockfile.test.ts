/**
 * The committed package-lock.json is the one `npm ci` installs on a clean clone: `npm install`
 * must leave it byte for byte as it is (every platform's optional packages listed, nothing to
 * add or drop), and nothing in it may refuse the Node version we run on (`--engine-strict`).
 * npm works on a copy of the manifests in a temporary directory; the worktree is never touched.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

/** package.json, the lock, .npmrc and every workspace's package.json (`packages/*` patterns). */
function manifests(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const files = ['package.json', 'package-lock.json', '.npmrc'];
  for (const pattern of pkg.workspaces ?? []) {
    if (!pattern.endsWith('/*')) {
      files.push(`${pattern}/package.json`);
      continue;
    }
    const base = pattern.slice(0, -2);
    for (const name of existsSync(join(ROOT, base)) ? readdirSync(join(ROOT, base)) : []) {
      files.push(`${base}/${name}/package.json`);
    }
  }
  return files.filter((file) => existsSync(join(ROOT, file)));
}

describe('package-lock.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what `npm install` writes, on this Node, with no engine refused', async () => {
    for (const file of manifests()) cpSync(join(ROOT, file), join(dir, file));
    const args = [
      'install',
      '--package-lock-only',
      '--engine-strict',
      '--ignore-scripts',
      '--prefer-offline',
    ];
    const { stderr } = await run('npm', [...args, '--no-audit', '--no-fund'], { cwd: dir }).catch(
      (error: { stderr?: string }) => ({ stderr: `npm install failed: ${error.stderr ?? error}` }),
    );
    expect(stderr).not.toMatch(/EBADENGINE|notsup|npm install failed/);
    const committed = readFileSync(join(ROOT, 'package-lock.json'), 'utf8');
    const rewritten = readFileSync(join(dir, 'package-lock.json'), 'utf8');
    // On failure: run `npm install` in the repository and commit the lock it writes.
    expect(rewritten === committed, 'npm install would change package-lock.json').toBe(true);
  }, 120_000);

  it('lists the optional packages of every platform (npm ci refuses a lock without them)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {}).filter(
        (name) => !lock.packages[`${path}/node_modules/${name}`] && !lock.packages[`node_modules/${name}`],
      ),
    );
    expect(missing).toEqual([]);
  });
});
