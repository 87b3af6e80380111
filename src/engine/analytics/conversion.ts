/**
 * `GET /v1/analytics/conversion`: per period, customers by plan at the period's end, moves
 * between plans (upgrades, downgrades, cancels, switches at an equal price), free-to-paid
 * conversions and their rate, first pack purchases, and active and paying customers.
 * Definitions in docs/analytics.md.
 */
import { DAY_MS } from '../../domain/calendar.ts';
import { ok, type Result } from '../../domain/errors.ts';
import { basisPoints } from '../../domain/periods.ts';
import type { PlanHistory } from '../../store/sql/analytics-conversion.ts';
import { type EngineContext, loadTenantCatalog } from '../context.ts';
import { type AnalyticsQuery, periodsOf, planPriceOf } from './query.ts';

export interface ConversionPeriod {
  period: string;
  customersByPlan: Record<string, number>;
  customers: number;
  upgrades: number;
  downgrades: number;
  cancels: number;
  switches: number;
  freeToPaid: number;
  /** Customers who could convert: there at the period's end, not paying before it began. */
  convertible: number;
  conversionRateBp: number | null;
  firstPurchases: number;
  activeCustomers: number;
  payingCustomers: number;
}

export type MoveKind = 'upgrade' | 'downgrade' | 'cancel' | 'switch';

/** What a move between two plans is, by their monthly prices. */
export function classifyMove(fromPrice: number, toPrice: number): MoveKind {
  if (toPrice === 0 && fromPrice > 0) return 'cancel';
  if (toPrice > fromPrice) return 'upgrade';
  if (toPrice < fromPrice) return 'downgrade';
  return 'switch';
}

/** Customers per plan at `at`: those created before it on their first plan, moved by the moves before it. */
function plansAt(at: number, history: PlanHistory): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of history.created) if (row.at < at) counts[row.plan] = (counts[row.plan] ?? 0) + row.count;
  for (const move of history.moves) {
    if (move.at >= at) continue;
    counts[move.fromPlan] = (counts[move.fromPlan] ?? 0) - move.count;
    counts[move.toPlan] = (counts[move.toPlan] ?? 0) + move.count;
  }
  for (const key of Object.keys(counts)) if (counts[key] === 0) delete counts[key];
  return counts;
}

/** How many of the counted days fall before `at` (`before`) and in [start, end) (`within`). */
function countDays(days: readonly { day: number; count: number }[], start: number, end: number) {
  let before = 0;
  let within = 0;
  for (const { day, count } of days) {
    const at = day * DAY_MS;
    if (at < start) before += count;
    else if (at < end) within += count;
  }
  return { before, within };
}

/** Conversion figures per period. */
export async function readConversionAnalytics(
  ctx: EngineContext,
  q: AnalyticsQuery,
): Promise<Result<{ periods: ConversionPeriod[] }>> {
  const { periods } = periodsOf(q);
  const loaded = await ctx.store.read(async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, q.tenantId);
    if (!catalog.ok) return catalog;
    const active: number[] = [];
    const paying: number[] = [];
    for (const p of periods) {
      const range = { tenantId: q.tenantId, from: p.start, to: p.end };
      active.push(await tx.analytics.activeCustomers(range));
      paying.push(await tx.analytics.payingCustomers(range));
    }
    const first = await tx.analytics.firstPaymentDays(q.tenantId, q.to);
    return ok({
      catalog: catalog.value,
      history: await tx.analytics.planHistory(q.tenantId, q.to),
      active,
      paying,
      firstPaid: first.paid,
      firstPack: first.pack,
    });
  });
  if (!loaded.ok) return loaded;
  const { catalog, history, active, paying, firstPaid, firstPack } = loaded.value;
  const out = periods.map((period, i): ConversionPeriod => {
    const customersByPlan = plansAt(period.end, history);
    const customers = Object.values(customersByPlan).reduce((a, b) => a + b, 0);
    const counts = { upgrade: 0, downgrade: 0, cancel: 0, switch: 0 };
    for (const m of history.moves) {
      if (m.at < period.start || m.at >= period.end) continue;
      counts[classifyMove(planPriceOf(catalog, m.fromPlan), planPriceOf(catalog, m.toPlan))] += m.count;
    }
    const paid = countDays(firstPaid, period.start, period.end);
    const freeToPaid = paid.within;
    const convertible = customers - paid.before;
    return {
      period: period.key,
      customersByPlan,
      customers,
      upgrades: counts.upgrade,
      downgrades: counts.downgrade,
      cancels: counts.cancel,
      switches: counts.switch,
      freeToPaid,
      convertible,
      conversionRateBp: basisPoints(freeToPaid, convertible),
      firstPurchases: countDays(firstPack, period.start, period.end).within,
      activeCustomers: active[i] ?? 0,
      payingCustomers: paying[i] ?? 0,
    };
  });
  return ok({ periods: out });
}
