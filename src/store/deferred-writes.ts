/**
 * Writes a use case sends without waiting for their answers, so that what it sends next (the
 * idempotency record, on PostgreSQL) goes out in the same round trip. Only writes whose answer
 * the use case does not need may be deferred: a guard that fails throws when the transaction
 * settles them, which rolls the whole transaction back. Every store settles a transaction's
 * deferred writes before COMMIT (`withDeferredWrites`); the idempotency runner settles them
 * beside the record it sends. On SQLite each statement has already run when issued, so
 * deferring changes only when an error is seen, never what is written.
 */
import type { StoreTx } from './store.ts';

const deferred = new WeakMap<StoreTx, Promise<unknown>[]>();

/** Lets `tx` go on before `writes` is answered; its failure fails the transaction at settling. */
export function deferWrites(tx: StoreTx, writes: Promise<unknown>): void {
  writes.catch(() => undefined); // seen by settleDeferredWrites; not an unhandled rejection meanwhile
  const list = deferred.get(tx);
  if (list === undefined) deferred.set(tx, [writes]);
  else list.push(writes);
}

/** Waits for every write deferred on `tx` so far; throws the first failure. */
export async function settleDeferredWrites(tx: StoreTx): Promise<void> {
  const list = deferred.get(tx);
  if (list === undefined) return;
  deferred.delete(tx);
  await Promise.all(list);
}

/** Runs a transaction's function, then settles what it deferred; nothing deferred outlives it. */
export async function withDeferredWrites<T>(tx: StoreTx, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
  try {
    const value = await fn(tx);
    await settleDeferredWrites(tx);
    return value;
  } finally {
    deferred.delete(tx);
  }
}
