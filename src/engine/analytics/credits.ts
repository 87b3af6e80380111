/**
 * `GET /v1/analytics/credits`: from the journal, per period — credits issued by source, burned,
 * expired unused (breakage), clawed back, taken by negative adjustments, and outstanding at the
 * period's end, paid and free apart (the tenant's liability). Rollovers and overdraft
 * repayments move credits between a customer's own lots and are not counted.
 */
import { ok, type Result } from '../../domain/errors.ts';
import type { EngineContext } from '../context.ts';
import { type AnalyticsQuery, periodsOf, toRange } from './query.ts';

export const ISSUE_SOURCES = ['purchase', 'plan', 'promotional', 'reward', 'refund', 'adjustment'] as const;
export type IssueSource = (typeof ISSUE_SOURCES)[number];

export interface CreditPeriod {
  period: string;
  issued: Record<IssueSource, number>;
  issuedTotal: number;
  burned: number;
  expired: number;
  clawedBack: number;
  adjustedDown: number;
  outstanding: { paid: number; free: number; total: number };
}

/** The issue source of a lot source: each reward kind is a reward; overdraft is an adjustment. */
export function toIssueSource(lotSource: string): IssueSource {
  if (lotSource.startsWith('reward:')) return 'reward';
  if (lotSource === 'overdraft') return 'adjustment';
  return (ISSUE_SOURCES as readonly string[]).includes(lotSource)
    ? (lotSource as IssueSource)
    : 'promotional';
}

const ISSUING_KINDS = new Set(['grant', 'refund', 'adjustment']);

function emptyPeriod(period: string): CreditPeriod {
  return {
    period,
    issued: { purchase: 0, plan: 0, promotional: 0, reward: 0, refund: 0, adjustment: 0 },
    issuedTotal: 0,
    burned: 0,
    expired: 0,
    clawedBack: 0,
    adjustedDown: 0,
    outstanding: { paid: 0, free: 0, total: 0 },
  };
}

/** Credit flows per period and the outstanding balance at each period's end. */
export async function readCreditAnalytics(
  ctx: EngineContext,
  q: AnalyticsQuery,
): Promise<Result<{ periods: CreditPeriod[]; totals: Omit<CreditPeriod, 'period' | 'outstanding'> }>> {
  const range = toRange(q);
  // Outstanding at the range's start (the journal's lot entries before it, summed by day), then
  // moved forward period by period: never a scan of every lot or of the whole journal.
  const [start, rows] = await ctx.store.read(async (tx) => [
    await tx.analytics.outstandingAt(range, q.from),
    await tx.analytics.journalByDay(range),
  ]);
  const { periods, indexOfDay } = periodsOf(q);
  const out = periods.map((p) => emptyPeriod(p.key));
  const netPaid = periods.map(() => 0);
  const netFree = periods.map(() => 0);
  for (const row of rows) {
    const index = indexOfDay(row.day);
    const p = out[index];
    if (p === undefined) continue;
    const net = row.gained - row.lost;
    if (row.paid) netPaid[index] = (netPaid[index] ?? 0) + net;
    else netFree[index] = (netFree[index] ?? 0) + net;
    if (ISSUING_KINDS.has(row.kind) && row.gained > 0) {
      const source = row.kind === 'grant' ? toIssueSource(row.source) : (row.kind as IssueSource);
      p.issued[source] += row.gained;
      p.issuedTotal += row.gained;
    }
    if (row.kind === 'usage') p.burned += row.lost - row.gained;
    else if (row.kind === 'expiry') p.expired += row.lost;
    else if (row.kind === 'clawback') p.clawedBack += row.lost;
    else if (row.kind === 'adjustment') p.adjustedDown += row.lost;
  }
  let paid = start.paid;
  let free = start.free;
  for (let i = 0; i < out.length; i++) {
    const p = out[i] as CreditPeriod;
    paid += netPaid[i] ?? 0;
    free += netFree[i] ?? 0;
    p.outstanding = { paid, free, total: paid + free };
  }
  const totals = emptyPeriod('');
  for (const p of out) {
    for (const s of ISSUE_SOURCES) totals.issued[s] += p.issued[s];
    totals.issuedTotal += p.issuedTotal;
    totals.burned += p.burned;
    totals.expired += p.expired;
    totals.clawedBack += p.clawedBack;
    totals.adjustedDown += p.adjustedDown;
  }
  const { period: _p, outstanding: _o, ...sums } = totals;
  return ok({ periods: out, totals: sums });
}
