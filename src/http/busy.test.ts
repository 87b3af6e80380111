/**
 * A real `tollgate serve` process on a SQLite file while another connection holds
 * `BEGIN IMMEDIATE` on it longer than the busy timeout: the waiting writes are answered 503
 * `store_busy` with `Retry-After`, reads still answer, and once the lock is released the same
 * requests (same Idempotency-Keys) succeed, exactly once. The process stays up throughout
 * (it used to exit on an unhandled rejection in the group-commit drain loop). Also: an
 * unhandled rejection does not end a process that installed serve's handler.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { startServerProcess } from '../../test/support/server-processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-busy-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  readonly error: { readonly type: string; readonly code: string };
  readonly balance: { readonly available: number };
}

async function send(url: string, secret: string, method: string, path: string, body?: unknown, key?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${secret}`,
      ...(key === undefined ? {} : { 'idempotency-key': key }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Answer,
  };
}

it('answers 503 store_busy while another connection holds the write lock, and stays up', async () => {
  const file = join(dir, 'busy.db');
  const server = await startServerProcess({ DATABASE_URL: `sqlite:${file}`, SQLITE_BUSY_TIMEOUT_MS: '300' });
  const other = new Database(file);
  try {
    const secret = /export MUSICGEN_KEY=(\S+)/.exec(server.output)?.[1] as string;
    expect(secret).toMatch(/^tg_sk_/);
    expect((await send(server.url, secret, 'POST', '/v1/customers', { id: 'c1' }, 'setup')).status).toBe(200);

    const before = (await send(server.url, secret, 'GET', '/v1/customers/c1')).body.balance.available;
    other.exec('BEGIN IMMEDIATE');
    const grants = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        send(server.url, secret, 'POST', '/v1/grants', { customer: 'c1', credits: i }, `g${i}`),
      ),
    );
    for (const g of grants) {
      expect(g.status).toBe(503);
      expect(g.body.error).toMatchObject({ type: 'api_error', code: 'store_busy' });
      expect(Number(g.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Reads answer while the lock is held; a second wave of writes is refused too.
    expect((await send(server.url, secret, 'GET', '/v1/customers/c1')).status).toBe(200);
    expect(
      (await send(server.url, secret, 'POST', '/v1/grants', { customer: 'c1', credits: 9 }, 'g9')).status,
    ).toBe(503);
    other.exec('ROLLBACK');

    for (const i of [1, 2, 3, 4]) {
      const again = await send(
        server.url,
        secret,
        'POST',
        '/v1/grants',
        { customer: 'c1', credits: i },
        `g${i}`,
      );
      expect(again.status).toBe(200);
    }
    const customer = await send(server.url, secret, 'GET', '/v1/customers/c1');
    expect(customer.body.balance.available).toBe(before + 10);
    expect(server.alive()).toBe(true);
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await server.stop();
  }
}, 60_000);

it('an unhandled rejection does not end a process that installed serve’s handler', () => {
  const module = fileURLToPath(new URL('../cli/rejections.ts', import.meta.url));
  const script = `
    const { keepRunningOnUnhandledRejection } = await import(${JSON.stringify(module)});
    keepRunningOnUnhandledRejection((reason) => console.log('logged: ' + reason.message));
    Promise.reject(new Error('nobody waits for me'));
    setTimeout(() => console.log('still alive'), 50);
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('logged: nobody waits for me');
  expect(run.stdout).toContain('still alive');
});
