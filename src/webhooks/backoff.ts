/**
 * When to try a failed webhook delivery again. Exponential backoff with jitter (so a tenant
 * coming back from an outage is not hit by every message at the same second) and a cap on
 * attempts, after which the message is given up and waits for a manual replay.
 */

/** How retries are spaced. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  /** Delay after the first failure. */
  readonly baseDelayMs: number;
  /** Each further delay is this many times the previous one. */
  readonly factor: number;
  /** No delay is longer than this. */
  readonly maxDelayMs: number;
  /** Each delay is moved by up to ± this fraction of itself, at random. */
  readonly jitterRatio: number;
}

/**
 * 10 attempts: after 5 s, 25 s, ~2 min, ~10 min, ~52 min, ~4.3 h, then every 10 h; about 35 h
 * from first try to giving up, long enough to ride out a tenant's overnight outage.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 5_000,
  factor: 5,
  maxDelayMs: 10 * 60 * 60 * 1000,
  jitterRatio: 0.2,
};

/** What to do after a failed attempt. */
export type RetryDecision = { readonly kind: 'retry'; readonly at: number } | { readonly kind: 'give_up' };

/**
 * The delay before attempt `attempt + 1`, after attempt number `attempt` (1-based) failed.
 * `random` returns a number in [0, 1); passing it in keeps the schedule testable.
 */
export function computeRetryDelay(
  attempt: number,
  random: () => number,
  policy = DEFAULT_RETRY_POLICY,
): number {
  const exponent = Math.max(0, attempt - 1);
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** exponent);
  const jitter = 1 + policy.jitterRatio * (2 * random() - 1);
  return Math.max(0, Math.round(raw * jitter));
}

/** Whether and when to retry after attempt number `attempt` (1-based) failed at `now` (epoch ms). */
export function planNextAttempt(input: {
  readonly attempt: number;
  readonly now: number;
  readonly random: () => number;
  readonly policy?: RetryPolicy;
}): RetryDecision {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  if (input.attempt >= policy.maxAttempts) return { kind: 'give_up' };
  return { kind: 'retry', at: input.now + computeRetryDelay(input.attempt, input.random, policy) };
}
