/**
 * The database is locked by someone else for longer than the store is willing to wait (on
 * SQLite: another connection holds the write lock past the busy timeout). Nothing was
 * written; the request may be retried with the same Idempotency-Key. The HTTP layer answers
 * it 503 `store_busy` with `Retry-After`, never a 500 and never an exit.
 */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
  /** How long the store waited for the lock, in milliseconds. */
  readonly waitedMs: number;

  constructor(waitedMs: number, options?: { cause?: unknown }) {
    super(`the database is locked by another connection (waited ${waitedMs} ms); retry shortly`, options);
    this.waitedMs = waitedMs;
  }
}

/** Whether an error is SQLite's "database is busy/locked" (SQLITE_BUSY*, SQLITE_LOCKED*). */
export function isSqliteBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
