/**
 * Reporting periods for the operator analytics: a range of whole UTC days cut into days, ISO
 * weeks (Monday first) or calendar months, the first and last clipped to the range. Figures
 * are summed per UTC day in SQL and folded into periods here, so every dialect agrees.
 */
import { DAY_MS, dayKey, startOfNextMonth } from './calendar.ts';

/** `all`: one period, the whole range (distinct customers over it, say). */
export type Granularity = 'day' | 'week' | 'month' | 'all';

export interface Period {
  /** `YYYY-MM-DD` of the period's first day in the range. */
  readonly key: string;
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, exclusive. */
  readonly end: number;
}

function nextBoundary(ms: number, granularity: Granularity): number {
  if (granularity === 'all') return Number.POSITIVE_INFINITY;
  if (granularity === 'day') return ms + DAY_MS;
  if (granularity === 'month') return startOfNextMonth(ms);
  const weekday = (Math.floor(ms / DAY_MS) + 3) % 7; // 1970-01-01 was a Thursday: Monday 0 … Sunday 6
  return ms + (7 - weekday) * DAY_MS;
}

/** The periods covering [from, to) (both at UTC midnight), in order. */
export function listPeriods(from: number, to: number, granularity: Granularity): Period[] {
  const periods: Period[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(nextBoundary(start, granularity), to);
    periods.push({ key: dayKey(start), start, end });
    start = end;
  }
  return periods;
}

/** The index of the period holding `ms` (binary search), or -1 outside them. */
export function findPeriodIndex(periods: readonly Period[], ms: number): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid] as Period;
    if (ms < p.start) hi = mid - 1;
    else if (ms >= p.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Basis points (1/100 of a percent) of part over whole, rounded; null when whole is 0. */
export function basisPoints(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 10_000) / whole);
}
