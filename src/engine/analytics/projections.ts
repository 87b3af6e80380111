/**
 * `GET /v1/analytics/projections`: the tenant-wide burn rate (credits burned per day over the
 * last 7 days of the range, rounded down) and the credits that will be needed from the range's
 * end to the end of the period holding it, against the credits outstanding then.
 */
import { DAY_MS } from '../../domain/calendar.ts';
import { ok, type Result } from '../../domain/errors.ts';
import { listPeriods } from '../../domain/periods.ts';
import type { EngineContext } from '../context.ts';
import { readCreditAnalytics } from './credits.ts';
import type { AnalyticsQuery } from './query.ts';

export const BURN_WINDOW_DAYS = 7;

export interface Projections {
  burnWindowDays: number;
  burnedInWindow: number;
  burnRatePerDay: number;
  /** End of the `granularity` period holding the range's last day (epoch ms). */
  periodEnd: number;
  daysToPeriodEnd: number;
  creditsNeeded: number;
  outstanding: number;
  /** Days the outstanding credits last at this rate; null at a rate of 0. */
  runwayDays: number | null;
}

/** Burn rate and the credits needed to the end of the current period. */
export async function readProjections(ctx: EngineContext, q: AnalyticsQuery): Promise<Result<Projections>> {
  const windowStart = Math.max(q.from, q.to - BURN_WINDOW_DAYS * DAY_MS);
  const days = (q.to - windowStart) / DAY_MS;
  const credits = await readCreditAnalytics(ctx, { ...q, from: windowStart, granularity: 'month' });
  if (!credits.ok) return credits;
  const burned = credits.value.totals.burned;
  const last = credits.value.periods.at(-1);
  const outstanding = last?.outstanding.total ?? 0;
  const rate = Math.floor(burned / days);
  const lastDay = q.to - DAY_MS;
  const current = listPeriods(lastDay, lastDay + 400 * DAY_MS, q.granularity)[0];
  const periodEnd = q.granularity === 'all' ? q.to : (current?.end ?? q.to);
  const daysToPeriodEnd = Math.round((periodEnd - q.to) / DAY_MS);
  return ok({
    burnWindowDays: days,
    burnedInWindow: burned,
    burnRatePerDay: rate,
    periodEnd,
    daysToPeriodEnd,
    creditsNeeded: rate * daysToPeriodEnd,
    outstanding,
    runwayDays: rate === 0 ? null : Math.floor(outstanding / rate),
  });
}
