/**
 * Retrying transactions that PostgreSQL aborted to keep them serializable: a serialization
 * failure (40001) or a deadlock (40P01) means "run it again", and the work is safe to run
 * again because a store transaction has no effect outside the database. Backoff is
 * exponential with full jitter so two losers do not collide again in lockstep.
 */
import { readSqlState } from './driver.ts';

/** SQLSTATEs after which the whole transaction may simply run again. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` runs). */
  readonly retries?: number;
  /** First backoff ceiling in milliseconds; doubles each retry up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Called before each retry (metrics, tests). */
  readonly onRetry?: (sqlState: string, attempt: number) => void;
}

/** Whether an error is a serialization failure or deadlock that a rerun can cure. */
export function isRetryableError(error: unknown): boolean {
  const state = readSqlState(error);
  return state !== null && RETRYABLE_SQLSTATES.has(state);
}

/** A random delay in [0, min(max, base × 2^attempt)). */
export function computeBackoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
}

/** Runs `attempt` until it succeeds, fails for another reason, or runs out of retries. */
export async function runWithRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 10;
  const base = options.baseDelayMs ?? 2;
  const max = options.maxDelayMs ?? 200;
  for (let i = 0; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= retries || !isRetryableError(error)) throw error;
      options.onRetry?.(readSqlState(error) as string, i + 1);
      await new Promise((resolve) => setTimeout(resolve, computeBackoffMs(i, base, max)));
    }
  }
}
