/**
 * The README's five-minute tour, pasted: every `sh` block of the tour runs in bash, in order,
 * against a fresh `tollgate serve` (SQLite in a temporary folder), with the `export …_KEY=` lines
 * the server printed pasted first, as a reader would. Each `# ->` line is what the README says the
 * block prints: its `"key": value` figures (balances, credits, counts) must be in the output, and
 * a `# ->` line without JSON must appear as text. "Press Pay" is done as the page does it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from './support/server-processes.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'tollgate.js');
const run = promisify(execFile);

/** The tour's `sh` blocks, in order. */
function readTourBlocks(readme: string): string[] {
  const start = readme.indexOf('## A five-minute tour');
  const end = readme.indexOf('\n## ', start + 1);
  const tour = readme.slice(start, end);
  return [...tour.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** What a block's `# ->` lines promise: JSON figures (`"available": 9`) and plain text lines. */
function readPromises(block: string): { figures: string[]; texts: string[] } {
  const figures: string[] = [];
  const texts: string[] = [];
  for (const line of block.split('\n')) {
    const shown = /^# -> (.*)$/.exec(line)?.[1];
    if (shown === undefined) continue;
    if (!shown.includes('"')) {
      texts.push(shown.replace(/\s+/g, ' ').trim());
      continue;
    }
    // Simple values only: an elided value (`…`, `...`, `[...]`) promises nothing.
    for (const m of shown.matchAll(/"([a-z_]+)": ("[^"…]*"|-?\d+(?:\.\d+)?|true|false|null)(?=[,}\s])/g)) {
      figures.push(`"${m[1]}":${m[2]}`);
    }
  }
  return { figures, texts };
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ');
const jsonSqueeze = (s: string) => s.replace(/":\s+/g, '":');

describe('the README tour, pasted into a shell', () => {
  let server: ServerProcess;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-tour-'));
    server = await startServerProcess({ DATABASE_URL: `sqlite:${join(dir, 'tollgate.db')}` });
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the keys by preset and the addresses the README names', () => {
    expect(server.output).toMatch(/^ {2}export MUSICGEN_KEY=tg_sk_\S+/m);
    expect(server.output).toMatch(/^ {2}export DIRECTORS_PALETTE_KEY=tg_sk_\S+/m);
    expect(server.output).toContain(`studio         ${server.url}/studio/`);
    expect(server.output).toContain(`API reference  ${server.url}/docs`);
  });

  it('answers every block with the figures the README shows', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const blocks = readTourBlocks(readme);
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    const exports = server.output.match(/^ {2}export [A-Z_]+_KEY=\S+/gm) ?? [];
    const state = join(dir, 'shell-state.sh');
    const host = new URL(server.url).host;
    let checked = 0;
    for (const [i, block] of blocks.entries()) {
      const script = [
        'set -a', // every variable a block sets (HOLD, HOLD_ID) carries on to the next block
        i === 0 ? exports.join('\n') : `. ${JSON.stringify(state)}`,
        block.replaceAll('localhost:8787', host).replaceAll('npx tollgate', `node ${JSON.stringify(CLI)}`),
        `export -p > ${JSON.stringify(state)}`,
      ].join('\n');
      const { stdout, stderr } = await run('bash', ['-c', script], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'tollgate.db')}` },
      }).catch((error: { stdout: string; stderr: string }) => error);
      const output = `${stdout}\n${stderr}`;
      const promises = readPromises(block);
      for (const figure of promises.figures) {
        expect(jsonSqueeze(output), `block ${i + 1}:\n${block}`).toContain(figure);
        checked += 1;
      }
      for (const text of promises.texts) {
        expect(squeeze(output), `block ${i + 1}:\n${block}`).toContain(text);
        checked += 1;
      }
      // "Open the whole url, press Pay": what the page's button posts.
      const checkout = /"url":"(http[^"]*\/test-checkout\/[^"#]+)#([^"]+)"/.exec(jsonSqueeze(output));
      if (checkout !== null) {
        const path = new URL(checkout[1] as string).pathname;
        const paid = await fetch(`${server.url}${path}/pay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ secret: checkout[2] }),
        });
        expect(paid.status).toBe(200);
      }
    }
    expect(checked).toBeGreaterThan(25);
  }, 180_000); // seven CLI starts and a dozen requests on a loaded machine
});
