import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreContract } from '../../../test/store/contract.case.ts';
import { MIGRATIONS } from './migrations.ts';
import { openSqliteStore } from './store.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('sqlite', async () => openSqliteStore(join(dir, `s${++n}.db`)));

describe('sqlite store', () => {
  it('runs migrations once, recorded in schema_migrations, and uses WAL with synchronous=FULL', async () => {
    const path = join(dir, 'migrate.db');
    const a = openSqliteStore(path);
    await a.close();
    const b = openSqliteStore(path);
    const rows = await b.raw.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await b.raw.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await b.raw.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    await b.close();
  });
});
