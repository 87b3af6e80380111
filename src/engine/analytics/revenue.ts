/**
 * `GET /v1/analytics/revenue`: money from the Stripe events, in cents — pack and plan payments,
 * refunds and disputes — per period and per pack or plan. `net` is payments less refunds and
 * disputes.
 */

import { DAY_MS } from '../../domain/calendar.ts';
import { ok, type Result } from '../../domain/errors.ts';
import type { AmountRow } from '../../store/sql/analytics.ts';
import type { EngineContext } from '../context.ts';
import { type AnalyticsQuery, periodsOf, toRange } from './query.ts';

export interface Money {
  packsCents: number;
  plansCents: number;
  refundsCents: number;
  disputesCents: number;
  netCents: number;
}

export interface RevenueAnalytics {
  readonly periods: ({ period: string } & Money)[];
  /** Per pack or plan: `kind` is `pack` or `plan` (refunds and disputes under what they undid). */
  readonly byItem: ({ kind: string; item: string } & Money)[];
  readonly totals: Money;
}

function emptyMoney(): Money {
  return { packsCents: 0, plansCents: 0, refundsCents: 0, disputesCents: 0, netCents: 0 };
}

/** Adds one amount to a money sum. */
export function addAmount(m: Money, row: Pick<AmountRow, 'kind' | 'amountCents'>): void {
  if (row.kind === 'pack') m.packsCents += row.amountCents;
  else if (row.kind === 'plan') m.plansCents += row.amountCents;
  else if (row.kind === 'refund') m.refundsCents += row.amountCents;
  else if (row.kind === 'dispute') m.disputesCents += row.amountCents;
  m.netCents = m.packsCents + m.plansCents - m.refundsCents - m.disputesCents;
}

/** Revenue per period, per pack or plan, and in total. */
export async function readRevenueAnalytics(
  ctx: EngineContext,
  q: AnalyticsQuery,
): Promise<Result<RevenueAnalytics>> {
  const rows = await ctx.store.read((tx) => tx.analytics.amountsByDay(toRange(q)));
  const { periods, indexOfDay } = periodsOf(q);
  const out = periods.map((p) => ({ period: p.key, ...emptyMoney() }));
  const items = new Map<string, { kind: string; item: string } & Money>();
  const totals = emptyMoney();
  // A refund or dispute is filed under what it undid: the pack or plan its payment bought.
  const kindOfItem = new Map<string, string>();
  for (const row of rows) if (row.kind === 'pack' || row.kind === 'plan') kindOfItem.set(row.item, row.kind);
  for (const row of rows) {
    const p = out[indexOfDay(Math.floor(row.occurredAt / DAY_MS))];
    if (p !== undefined) addAmount(p, row);
    addAmount(totals, row);
    const kind =
      row.kind === 'pack' || row.kind === 'plan' ? row.kind : (kindOfItem.get(row.item) ?? 'unknown');
    const key = `${kind}:${row.item}`;
    const item = items.get(key) ?? { kind, item: row.item, ...emptyMoney() };
    items.set(key, item);
    addAmount(item, row);
  }
  return ok({
    periods: out,
    byItem: [...items.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.item.localeCompare(b.item)),
    totals,
  });
}
