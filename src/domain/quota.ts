/**
 * Count limits that are not about credits: a token bucket per category
 * (refill `perDay` a day, capacity `burst`) plus a calendar-month cap, and the free plan's
 * monthly free-model generations. Holds take from them; voids and expiries give back.
 *
 * The bucket level is kept in integer "token-milliseconds": one token is DAY_MS units, so
 * refilling `perDay` tokens a day adds exactly `perDay` units per elapsed millisecond.
 */
import { DAY_MS, monthKey, startOfNextMonth } from './calendar.ts';
import type { Plan } from './catalog.ts';
import { type DomainError, fail, ok, type Result } from './errors.ts';
import type { Quote } from './pricing.ts';

/** The key of the free plan's monthly free-model generations. */
export const FREE_QUOTA_KEY = 'free';

/** The limit behind a quota key under a plan, or null if the plan has none. */
export function findQuotaLimit(plan: Plan, key: string): QuotaLimit | null {
  if (key === FREE_QUOTA_KEY) {
    const perMonth = plan.freeGenerationsPerMonth;
    return perMonth === null ? null : { perDay: null, burst: null, perMonth, warnAtMonthlyUsed: null };
  }
  const category = key.startsWith('category:') ? key.slice('category:'.length) : null;
  return category === null ? null : (plan.limits[category] ?? null);
}

/** Quota keys a quoted request counts against under a plan. */
export function listQuotaKeys(plan: Plan, quote: Pick<Quote, 'category' | 'free'>): string[] {
  const keys: string[] = [];
  if (plan.limits[quote.category] !== undefined) keys.push(`category:${quote.category}`);
  if (quote.free && plan.freeGenerationsPerMonth !== null) keys.push(FREE_QUOTA_KEY);
  return keys;
}

export const QUOTA_UNITS_PER_TOKEN = DAY_MS;

/** One limit: a bucket (perDay/burst, both null = none) and a monthly cap (null = none). */
export interface QuotaLimit {
  readonly perDay: number | null;
  readonly burst: number | null;
  readonly perMonth: number | null;
  readonly warnAtMonthlyUsed: number | null;
}

/** Stored state of one limit for one customer. */
export interface QuotaState {
  /** Bucket level in token-milliseconds. */
  readonly level: number;
  /** When `level` was last brought up to date. */
  readonly levelAt: number;
  /** `YYYY-MM` the monthly count belongs to. */
  readonly month: string;
  readonly monthUsed: number;
}

function capacityUnits(limit: QuotaLimit): number | null {
  const tokens = limit.burst ?? limit.perDay;
  return tokens === null ? null : tokens * QUOTA_UNITS_PER_TOKEN;
}

/** A fresh state: a full bucket and nothing used this month. */
export function createQuotaState(limit: QuotaLimit, now: number): QuotaState {
  return { level: capacityUnits(limit) ?? 0, levelAt: now, month: monthKey(now), monthUsed: 0 };
}

/** Brings a state up to `now`: refills the bucket, starts a new month's count when due. */
export function refillQuota(state: QuotaState, limit: QuotaLimit, now: number): QuotaState {
  const cap = capacityUnits(limit);
  const elapsed = Math.max(0, now - state.levelAt);
  const level = cap === null ? 0 : Math.min(cap, state.level + elapsed * (limit.perDay ?? 0));
  const month = monthKey(now);
  return {
    level,
    levelAt: Math.max(now, state.levelAt),
    month,
    monthUsed: month === state.month ? state.monthUsed : 0,
  };
}

/** When `count` more would fit, or null if it never can (more than the capacity or the cap). */
export function computeQuotaFreesAt(
  state: QuotaState,
  limit: QuotaLimit,
  count: number,
  now: number,
): number | null {
  const s = refillQuota(state, limit, now);
  let at = now;
  const cap = capacityUnits(limit);
  if (cap !== null && limit.perDay !== null) {
    const need = count * QUOTA_UNITS_PER_TOKEN;
    if (need > cap || limit.perDay <= 0) return null;
    if (s.level < need) at = Math.max(at, now + Math.ceil((need - s.level) / limit.perDay));
  }
  if (limit.perMonth !== null) {
    if (count > limit.perMonth) return null;
    if (s.monthUsed + count > limit.perMonth) at = Math.max(at, startOfNextMonth(now));
  }
  return at;
}

/** Takes `count` from a limit, or refuses with `quota_exceeded` saying when it frees up. */
export function takeQuota(
  state: QuotaState,
  limit: QuotaLimit,
  count: number,
  now: number,
  name: string,
): Result<QuotaState, DomainError<'quota_exceeded'>> {
  const s = refillQuota(state, limit, now);
  const cap = capacityUnits(limit);
  const need = count * QUOTA_UNITS_PER_TOKEN;
  const bucketOk = cap === null || s.level >= need;
  const monthOk = limit.perMonth === null || s.monthUsed + count <= limit.perMonth;
  if (bucketOk && monthOk) {
    return ok({ ...s, level: cap === null ? 0 : s.level - need, monthUsed: s.monthUsed + count });
  }
  const freesAt = computeQuotaFreesAt(state, limit, count, now);
  const which = monthOk ? 'daily' : 'monthly';
  return fail('quota_exceeded', `${name}: ${which} limit reached`, undefined, {
    quota: name,
    limit: which,
    freesAt,
    retryAfterSeconds: freesAt === null ? null : Math.ceil((freesAt - now) / 1000),
  });
}

/** Gives back what a hold took; the monthly count only if the hold was taken this month. */
export function giveBackQuota(
  state: QuotaState,
  limit: QuotaLimit,
  count: number,
  takenInMonth: string,
  now: number,
): QuotaState {
  const s = refillQuota(state, limit, now);
  const cap = capacityUnits(limit);
  const level = cap === null ? 0 : Math.min(cap, s.level + count * QUOTA_UNITS_PER_TOKEN);
  const monthUsed = takenInMonth === s.month ? Math.max(0, s.monthUsed - count) : s.monthUsed;
  return { ...s, level, monthUsed };
}

/** Whole tokens left in the bucket and in the month (null = unlimited). */
export function describeQuota(
  state: QuotaState,
  limit: QuotaLimit,
  now: number,
): { availableToday: number | null; remainingThisMonth: number | null; usedThisMonth: number } {
  const s = refillQuota(state, limit, now);
  const cap = capacityUnits(limit);
  return {
    availableToday: cap === null ? null : Math.floor(s.level / QUOTA_UNITS_PER_TOKEN),
    remainingThisMonth: limit.perMonth === null ? null : Math.max(0, limit.perMonth - s.monthUsed),
    usedThisMonth: s.monthUsed,
  };
}
