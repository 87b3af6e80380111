/**
 * Crash test: the real server process (`node bin/tollgate.js serve` on a temp SQLite file) is
 * killed with SIGKILL in the middle of a load of holds and commits, then restarted on the same
 * file. Every acknowledged operation must be there exactly once, replaying it with the same
 * Idempotency-Key must answer the same result, and `tollgate verify` must pass.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/tollgate.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tollgate-crash-'));
const db = `sqlite:${join(dir, 'crash.db')}`;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the server; answers its URL and everything it printed before listening. */
async function startServer(): Promise<{ child: ChildProcess; url: string; output: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+) /.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  return { child, url, output };
}

/** Waits for a child to end (exitCode stays null for a child killed by a signal). */
function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

interface Acked {
  readonly path: string;
  readonly body: unknown;
  readonly key: string;
  readonly answer: Record<string, unknown>;
}

async function post(url: string, secret: string, path: string, body: unknown, key: string) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${secret}`,
      'idempotency-key': key,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it('keeps every acknowledged hold and commit exactly once across a SIGKILL', async () => {
  const first = await startServer();
  const secret = /export MUSICGEN_KEY=(\S+)/.exec(first.output)?.[1] as string;
  expect(secret).toMatch(/^tg_sk_/);
  await post(first.url, secret, '/v1/customers', { id: 'load' }, 'setup-customer');
  await post(first.url, secret, '/v1/grants', { customer: 'load', credits: 1_000_000 }, 'setup-grant');

  const acked: Acked[] = [];
  const failures: string[] = [];
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop; i += 1) {
      try {
        const holdBody = { customer: 'load', model: 'musicgen', params: { duration: 10 } };
        const hold = await post(first.url, secret, '/v1/holds', holdBody, `h-${w}-${i}`);
        if (hold.status !== 200) throw new Error(JSON.stringify(hold.body));
        acked.push({ path: '/v1/holds', body: holdBody, key: `h-${w}-${i}`, answer: hold.body });
        const commitBody = { usage: { duration: 5 } };
        const commitPath = `/v1/holds/${hold.body.id}/commit`;
        const commit = await post(first.url, secret, commitPath, commitBody, `c-${w}-${i}`);
        if (commit.status !== 200) throw new Error(JSON.stringify(commit.body));
        acked.push({ path: commitPath, body: commitBody, key: `c-${w}-${i}`, answer: commit.body });
      } catch (error) {
        if (!stop) failures.push(String(error));
        return; // the server died under us: what was not acknowledged is not counted
      }
    }
  };
  let running = 8;
  const workers = Array.from({ length: 8 }, (_, w) => worker(w).finally(() => (running -= 1)));
  while (acked.length < 200 && running > 0) await new Promise((r) => setTimeout(r, 5));
  expect(failures).toEqual([]);
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  await waitExit(first.child);

  const second = await startServer();
  expect(second.output).not.toContain('MUSICGEN_KEY='); // not a fresh database: no new tenants
  for (const op of acked) {
    const replay = await post(second.url, secret, op.path, op.body, op.key);
    expect(replay.status, op.key).toBe(200);
    expect(replay.body.id, op.key).toBe(op.answer.id);
  }
  const commits = acked.filter((a) => a.path.endsWith('/commit')).map((a) => String(a.answer.id));
  const res = await fetch(`${second.url}/v1/customers/load/ledger?limit=500`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  const refs: string[] = [];
  let page = (await res.json()) as {
    data: { kind: string; ref: string | null }[];
    next_cursor: string | null;
  };
  for (;;) {
    refs.push(...page.data.filter((t) => t.kind === 'usage').map((t) => String(t.ref)));
    if (page.next_cursor === null) break;
    const next = await fetch(`${second.url}/v1/customers/load/ledger?limit=500&cursor=${page.next_cursor}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    page = (await next.json()) as typeof page;
  }
  for (const charge of commits)
    expect(
      refs.filter((r) => r === charge),
      charge,
    ).toHaveLength(1);
  second.child.kill('SIGTERM');
  await waitExit(second.child);
  const verify = spawnSync(process.execPath, [BIN, 'verify', '--db', db], { encoding: 'utf8' });
  expect(verify.stdout).toContain('ledger OK');
  expect(verify.status).toBe(0);
}, 120_000);
