/**
 * Rate limit on failed authentication (issue 11, item 3). Failures are counted in token buckets
 * of `perMinute`, refilled continuously, one per client address and one per presented key
 * prefix (`tg_sk_` + 6 characters, or a session token's tenant and customer). The limiter only
 * ever turns a 401 into a 429: credentials are always checked, and a request whose credentials
 * are good is answered whatever its buckets hold, so an attacker sharing an address (or a NAT)
 * with a tenant cannot lock the tenant out. Kept in memory per process: it slows guessing from
 * one place, it does not need to be exact across a fleet.
 */
export interface AuthLimiter {
  /** Seconds until a failing request counted under all of `subjects` may be answered 401 again; 0 = now. */
  retryAfter(subjects: readonly string[]): number;
  /** Records one failed attempt under each subject. */
  recordFailure(subjects: readonly string[]): void;
}

const MAX_SUBJECTS = 100_000;

/** A limiter allowing `perMinute` failed attempts per subject per minute (burst of the same size). */
export function createAuthLimiter(perMinute: number, now: () => number): AuthLimiter {
  const buckets = new Map<string, { level: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  const current = (subject: string) => {
    const b = buckets.get(subject);
    if (b === undefined) return perMinute;
    return Math.min(perMinute, b.level + (now() - b.at) * refillPerMs);
  };
  const wait = (subject: string) => {
    const level = current(subject);
    return level >= 1 ? 0 : Math.max(1, Math.ceil((1 - level) / refillPerMs / 1000));
  };
  return {
    retryAfter(subjects) {
      return Math.max(0, ...subjects.map(wait));
    },
    recordFailure(subjects) {
      if (buckets.size + subjects.length > MAX_SUBJECTS) buckets.clear();
      for (const subject of subjects) {
        buckets.set(subject, { level: Math.max(0, current(subject) - 1), at: now() });
      }
    },
  };
}
