/**
 * The raw SQLite baselines the engine is compared with, on the engine's own database file
 * (WAL, synchronous=FULL, the same pragmas): a debit is one conditional UPDATE of a balance plus
 * one INSERT of a log row. `single` commits each debit on its own (one fsync each); `batched`
 * commits 100 debits per transaction, the best a group-committing writer can hope for.
 */
import { performance } from 'node:perf_hooks';
import { openSqliteDatabase } from '../src/store/sqlite/driver.ts';

export const RAW_BATCH = 100;

/** Debits per second for `seconds`, `perTransaction` debits per transaction. */
export function measureRawDebits(
  path: string,
  accounts: number,
  perTransaction: number,
  seconds: number,
): { debits: number; perSecond: number } {
  const db = openSqliteDatabase(path);
  try {
    db.exec('CREATE TABLE IF NOT EXISTS bench_accounts (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL)');
    db.exec(
      'CREATE TABLE IF NOT EXISTS bench_log (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, amount BIGINT NOT NULL)',
    );
    const seed = db.prepare('INSERT OR REPLACE INTO bench_accounts (id, balance) VALUES (?, 1000000000)');
    db.transaction(() => {
      for (let i = 0; i < accounts; i++) seed.run(i);
    })();
    const debit = db.prepare('UPDATE bench_accounts SET balance = balance - 1 WHERE id = ? AND balance >= 1');
    const log = db.prepare('INSERT INTO bench_log (account, amount) VALUES (?, 1)');
    let debits = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      db.exec('BEGIN IMMEDIATE');
      for (let k = 0; k < perTransaction; k++) {
        const id = (debits * 7919) % accounts;
        if (debit.run(id).changes !== 1) throw new Error('raw debit refused');
        log.run(id);
        debits += 1;
      }
      db.exec('COMMIT');
    }
    return { debits, perSecond: debits / ((performance.now() - start) / 1000) };
  } finally {
    db.close();
  }
}
