/**
 * Another connection holding SQLite's write lock past the busy timeout: the store refuses the
 * waiting writes with `StoreBusyError` (nothing written), keeps reading, and writes again once
 * the lock is released. Today's failure was an unhandled rejection in the drain loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { StoreBusyError } from '../busy.ts';
import { openSqliteStore } from './store.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('refuses writes with StoreBusyError while another connection holds the lock, then writes again', async () => {
  const path = join(dir, 'busy.db');
  const store = openSqliteStore(path, { busyTimeoutMs: 150 });
  const other = new Database(path);
  other.pragma('busy_timeout = 0');
  try {
    other.exec('BEGIN IMMEDIATE');
    const write = (n: number) =>
      store.write({ tenantId: 't' }, async (tx) => {
        return tx.tenants.insert({ id: `t${n}`, name: `T${n}`, catalogVersion: 'v1', createdAt: n });
      });
    const refused = await Promise.allSettled([write(1), write(2), write(3)]);
    for (const r of refused) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusyError);
    }
    // Reads go on while the lock is held (WAL).
    await expect(store.read(async (tx) => tx.tenants.list())).resolves.toEqual([]);
    other.exec('ROLLBACK');
    await expect(Promise.all([write(1), write(2)])).resolves.toEqual([true, true]);
    const tenants = await store.read(async (tx) => tx.tenants.list());
    expect(tenants.map((t) => t.id)).toEqual(['t1', 't2']);
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await store.close();
  }
});
