/**
 * Rate limit on failed authentication, per client IP: a token bucket of `perMinute` failures
 * refilled continuously. While a client's bucket is empty every request it makes is refused
 * with 429 before any key is looked at, so guessing keys costs a minute per handful of guesses.
 * Kept in memory per process: it slows guessing, it does not need to be exact across a fleet.
 */
export interface AuthLimiter {
  /** Seconds until this client may try again, or 0 when it may try now. */
  retryAfter(ip: string): number;
  /** Records one failed attempt. */
  recordFailure(ip: string): void;
}

const MAX_CLIENTS = 100_000;

/** A limiter allowing `perMinute` failed attempts per IP per minute (burst of the same size). */
export function createAuthLimiter(perMinute: number, now: () => number): AuthLimiter {
  const buckets = new Map<string, { level: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  const current = (ip: string) => {
    const b = buckets.get(ip);
    if (b === undefined) return perMinute;
    return Math.min(perMinute, b.level + (now() - b.at) * refillPerMs);
  };
  return {
    retryAfter(ip) {
      const level = current(ip);
      return level >= 1 ? 0 : Math.max(1, Math.ceil((1 - level) / refillPerMs / 1000));
    },
    recordFailure(ip) {
      if (buckets.size >= MAX_CLIENTS) buckets.clear();
      buckets.set(ip, { level: Math.max(0, current(ip) - 1), at: now() });
    },
  };
}
