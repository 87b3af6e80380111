/**
 * The SQLite store with group commit. Concurrent `write` calls are queued; each batch runs
 * as one `BEGIN IMMEDIATE … COMMIT`, so one fsync covers the whole batch. Callers are
 * answered only after the COMMIT, so nothing is acknowledged before it is durable
 * (synchronous=FULL). Reads use a second connection (WAL snapshot isolation).
 *
 * An operation that throws or answers a `Rollback` is rolled back alone. Savepoints give
 * that, but they cost (SQLite copies every page an operation first touches into the
 * savepoint journal), and most batches have no failure. So a batch first runs without
 * savepoints; at the first failure the whole transaction is rolled back — nothing of it was
 * answered or durable — and the batch runs again with one SAVEPOINT per operation (the
 * Store contract already allows `fn` to run more than once). After a failure, the next
 * batches go straight to savepoints for a while, so a stream of refusals is not paid twice.
 *
 * Another connection (a CLI command, a backup, a second process) may hold the write lock.
 * The writer waits for it without blocking the event loop: `BEGIN IMMEDIATE` is tried with a
 * short busy timeout and retried on a timer until `busyTimeoutMs`; past that, the whole batch
 * is refused with `StoreBusyError` (503 `store_busy`), nothing written, and the drain loop
 * goes on with the next batch. No failure of a batch escapes the drain loop unanswered.
 */
import type Database from 'better-sqlite3';
import { isSqliteBusyError, StoreBusyError } from '../busy.ts';
import { withDeferredWrites } from '../deferred-writes.ts';
import { bindQueries, Rollback, type Store, type StoreTx, type WriteScope } from '../store.ts';
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
  /** How long a write waits for another connection's write lock before `StoreBusyError` (5,000). */
  readonly busyTimeoutMs?: number;
}

/** Opens (creating and migrating if needed) a SQLite store on a file. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const writer = openSqliteDatabase(
    path,
    options.synchronous === undefined ? {} : { synchronous: options.synchronous },
  );
  runMigrations(writer, (options.now ?? Date.now)());
  // A batch dirties many pages; checkpointing after nearly every batch (the default is every
  // 1,000 WAL pages) copies the same hot pages back again and again. A larger WAL (up to
  // ~32 MB before a checkpoint) costs nothing in durability: each COMMIT still fsyncs the WAL.
  writer.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  // The writer blocks the event loop at most this long per try; longer waits are timers.
  writer.pragma(`busy_timeout = ${WRITER_BUSY_SLICE_MS}`);
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const reader = openSqliteDatabase(path);
  const writeDriver = createSqliteDriver(writer);
  const writeTx = bindQueries(writeDriver);
  const readTx = bindQueries(createSqliteDriver(reader));
  const maxBatch = options.maxBatch ?? 1024;
  const queue: PendingWrite[] = [];
  let draining = false;
  let readChain: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** Batches left to run with savepoints straight away since the last failed operation. */
  let savepointBatches = 0;

  /**
   * Takes the write lock (`BEGIN IMMEDIATE`), waiting on a timer while another connection
   * holds it; `StoreBusyError` once `busyTimeoutMs` has passed.
   */
  async function beginImmediate(): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        writer.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isSqliteBusyError(error)) throw error;
        const waited = Date.now() - started;
        if (waited >= busyTimeoutMs) throw new StoreBusyError(waited, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }

  /**
   * Runs a batch without savepoints. False (all rolled back, nobody answered) at the first
   * failing operation of a batch of several; an operation alone in its batch is answered
   * there, since rolling back the transaction rolls back just its writes.
   */
  async function runBatchOptimistic(batch: PendingWrite[]): Promise<boolean> {
    const values: unknown[] = [];
    await beginImmediate();
    try {
      for (const op of batch) {
        const value = await withDeferredWrites(writeTx, op.fn);
        if (value instanceof Rollback) {
          writer.exec('ROLLBACK');
          if (batch.length > 1) return false;
          op.resolve(value.value);
          return true;
        }
        values.push(value);
      }
      writer.exec('COMMIT');
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      if (batch.length > 1) return false;
      batch[0]?.reject(toStoreError(error));
      return true;
    }
    batch.forEach((op, i) => {
      op.resolve(values[i]);
    });
    return true;
  }

  async function runBatch(batch: PendingWrite[]): Promise<void> {
    if (savepointBatches > 0) savepointBatches -= 1;
    else if (await runBatchOptimistic(batch)) return;
    else savepointBatches = SAVEPOINT_BATCHES_AFTER_FAILURE;
    await runBatchWithSavepoints(batch);
  }

  async function runBatchWithSavepoints(batch: PendingWrite[]): Promise<void> {
    const outcomes: Outcome[] = [];
    await beginImmediate();
    try {
      for (const op of batch) outcomes.push(await runInSavepoint(writer, op, writeTx));
      writer.exec('COMMIT');
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      for (const op of batch) op.reject(toStoreError(error));
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
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          await runBatch(batch);
        } catch (error) {
          // Taking the lock failed (busy past the timeout) or a ROLLBACK itself failed:
          // nothing of the batch is committed, so every operation not yet answered is refused.
          rollBackQuietly(writer);
          for (const op of batch) op.reject(toStoreError(error));
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    dialect: 'sqlite',
    raw: writeDriver,
    write<T>(_scope: WriteScope, fn: (tx: StoreTx) => Promise<T | Rollback<T>>): Promise<T> {
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
        } catch (error) {
          throw toStoreError(error);
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

/** WAL pages between automatic checkpoints (4 KiB each). */
const WAL_AUTOCHECKPOINT_PAGES = 8192;

/** Default wait for another connection's write lock (the busy timeout of the driver). */
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Longest synchronous wait inside one `BEGIN IMMEDIATE` try. */
const WRITER_BUSY_SLICE_MS = 20;

/** Pause between two tries of `BEGIN IMMEDIATE` while the lock is held elsewhere. */
const BUSY_RETRY_MS = 25;

/** Ends an open transaction after a failure the caller is already answering. */
function rollBackQuietly(db: Database.Database): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // The failure being answered says more than this one; the connection is reset by SQLite.
  }
}

/** A busy/locked SQLite error becomes `StoreBusyError`; anything else is answered as it is. */
function toStoreError(error: unknown): unknown {
  return isSqliteBusyError(error) ? new StoreBusyError(0, { cause: error }) : error;
}

/** How many batches run with savepoints straight away after one had a failed operation. */
const SAVEPOINT_BATCHES_AFTER_FAILURE = 8;

/** Runs one operation inside a savepoint; rolls it back alone if it throws or fails. */
async function runInSavepoint(db: Database.Database, op: PendingWrite, tx: StoreTx): Promise<Outcome> {
  db.exec('SAVEPOINT op');
  try {
    const value = await withDeferredWrites(tx, op.fn);
    if (value instanceof Rollback) db.exec('ROLLBACK TO op');
    db.exec('RELEASE op');
    return { ok: true, value: value instanceof Rollback ? value.value : value };
  } catch (error) {
    db.exec('ROLLBACK TO op');
    db.exec('RELEASE op');
    return { ok: false, error };
  }
}
