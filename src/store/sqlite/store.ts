/**
 * The SQLite store with group commit. Concurrent `write` calls are queued; each batch runs
 * as one `BEGIN IMMEDIATE … COMMIT`, every operation inside its own SAVEPOINT, so one that
 * throws or answers a failed Result is rolled back alone. Callers are answered only after
 * the COMMIT, so nothing is acknowledged before it is durable (synchronous=FULL), and one
 * fsync covers the whole batch. Reads use a second connection (WAL snapshot isolation).
 */
import type Database from 'better-sqlite3';
import { bindQueries, isFailedResult, type Store, type StoreTx, type WriteScope } from '../store.ts';
import { createSqliteDriver, openSqliteDatabase } from './driver.ts';
import { runMigrations } from './migrations.ts';

interface PendingWrite {
  readonly fn: (tx: StoreTx) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown };

export interface SqliteStoreOptions {
  /** Largest number of operations in one transaction. */
  readonly maxBatch?: number;
  /** `FULL` unless a benchmark asks otherwise. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Clock for the migration record. */
  readonly now?: () => number;
}

/** Opens (creating and migrating if needed) a SQLite store on a file. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const writer = openSqliteDatabase(
    path,
    options.synchronous === undefined ? {} : { synchronous: options.synchronous },
  );
  runMigrations(writer, (options.now ?? Date.now)());
  const reader = openSqliteDatabase(path);
  const writeDriver = createSqliteDriver(writer);
  const writeTx = bindQueries(writeDriver);
  const readTx = bindQueries(createSqliteDriver(reader));
  const maxBatch = options.maxBatch ?? 1024;
  const queue: PendingWrite[] = [];
  let draining = false;
  let readChain: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function runBatch(batch: PendingWrite[]): Promise<void> {
    const outcomes: Outcome[] = [];
    writer.exec('BEGIN IMMEDIATE');
    try {
      for (const op of batch) outcomes.push(await runInSavepoint(writer, op, writeTx));
      writer.exec('COMMIT');
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      for (const op of batch) op.reject(error);
      return;
    }
    batch.forEach((op, i) => {
      const o = outcomes[i] as Outcome;
      if (o.ok) op.resolve(o.value);
      else op.reject(o.error);
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await runBatch(queue.splice(0, maxBatch));
    } finally {
      draining = false;
    }
  }

  return {
    dialect: 'sqlite',
    raw: writeDriver,
    write<T>(_scope: WriteScope, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('store is closed'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (!draining) {
          draining = true;
          setImmediate(() => void drain());
        }
      });
    },
    read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        reader.exec('BEGIN');
        try {
          return await fn(readTx);
        } finally {
          reader.exec('COMMIT');
        }
      };
      const result = readChain.then(run, run);
      readChain = result.catch(() => undefined);
      return result;
    },
    async close(): Promise<void> {
      closed = true;
      while (draining || queue.length > 0) await new Promise((r) => setImmediate(r));
      await readChain;
      reader.close();
      writer.close();
    },
  };
}

/** Runs one operation inside a savepoint; rolls it back alone if it throws or fails. */
async function runInSavepoint(db: Database.Database, op: PendingWrite, tx: StoreTx): Promise<Outcome> {
  db.exec('SAVEPOINT op');
  try {
    const value = await op.fn(tx);
    if (isFailedResult(value)) db.exec('ROLLBACK TO op');
    db.exec('RELEASE op');
    return { ok: true, value };
  } catch (error) {
    db.exec('ROLLBACK TO op');
    db.exec('RELEASE op');
    return { ok: false, error };
  }
}
