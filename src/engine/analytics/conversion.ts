/**
 * `GET /v1/analytics/conversion`: per period, customers by plan at the period's end, moves
 * between plans (upgrades, downgrades, cancels, switches at an equal price), free-to-paid
 * conversions and their rate, first pack purchases, and active and paying customers.
 * Definitions in docs/analytics.md.
 */
import { DAY_MS } from '../../domain/calendar.ts';
import { ok, type Result } from '../../domain/errors.ts';
import { basisPoints } from '../../domain/periods.ts';
import type { PlanChangeRow } from '../../store/sql/analytics.ts';
import { type EngineContext, loadTenantCatalog } from '../context.ts';
import { type AnalyticsQuery, periodsOf, planPriceOf, toRange } from './query.ts';

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

/** Customers per plan at `at`: current plans of those created before, undoing later moves. */
function plansAt(
  at: number,
  byPlanDay: readonly { plan: string; day: number; count: number }[],
  laterMoves: readonly PlanChangeRow[],
  created: ReadonlyMap<string, number>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of byPlanDay)
    if (row.day * DAY_MS < at) counts[row.plan] = (counts[row.plan] ?? 0) + row.count;
  const seen = new Set<string>();
  const current = new Map<string, string>();
  for (const move of laterMoves) {
    if (move.changedAt < at || seen.has(move.customerId)) continue;
    seen.add(move.customerId);
    if ((created.get(move.customerId) ?? Number.POSITIVE_INFINITY) >= at) continue;
    current.set(move.customerId, move.fromPlan);
  }
  // The customer's current plan is the `to` of its last move; at `at` it was the `from` of its first later one.
  const last = new Map<string, string>();
  for (const move of laterMoves) last.set(move.customerId, move.toPlan);
  for (const [customer, then] of current) {
    const now = last.get(customer) as string;
    counts[now] = (counts[now] ?? 0) - 1;
    counts[then] = (counts[then] ?? 0) + 1;
  }
  for (const key of Object.keys(counts)) if (counts[key] === 0) delete counts[key];
  return counts;
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
    const moves = await tx.analytics.planChangesSince(q.tenantId, q.from);
    const created = await tx.analytics.createdAt(q.tenantId, [...new Set(moves.map((m) => m.customerId))]);
    const active: number[] = [];
    for (const p of periods)
      active.push(await tx.analytics.activeCustomers({ tenantId: q.tenantId, from: p.start, to: p.end }));
    return ok({
      catalog: catalog.value,
      moves,
      created,
      active,
      byPlanDay: await tx.analytics.customersByPlanAndDay(q.tenantId, q.to),
      payments: await tx.analytics.amounts({
        ...toRange({ tenantId: q.tenantId, from: 0, to: q.to, granularity: 'day' }),
      }),
    });
  });
  if (!loaded.ok) return loaded;
  const { catalog, moves, created, active, byPlanDay, payments } = loaded.value;
  const firstPaid = new Map<string, number>();
  const firstPack = new Map<string, number>();
  for (const p of payments) {
    if (p.customerId === null || (p.kind !== 'pack' && p.kind !== 'plan')) continue;
    if (!firstPaid.has(p.customerId)) firstPaid.set(p.customerId, p.occurredAt);
    if (p.kind === 'pack' && !firstPack.has(p.customerId)) firstPack.set(p.customerId, p.occurredAt);
  }
  const out = periods.map((period, i): ConversionPeriod => {
    const customersByPlan = plansAt(period.end, byPlanDay, moves, created);
    const customers = Object.values(customersByPlan).reduce((a, b) => a + b, 0);
    const counts = { upgrade: 0, downgrade: 0, cancel: 0, switch: 0 };
    for (const m of moves) {
      if (m.changedAt < period.start || m.changedAt >= period.end) continue;
      counts[classifyMove(planPriceOf(catalog, m.fromPlan), planPriceOf(catalog, m.toPlan))] += 1;
    }
    let freeToPaid = 0;
    let paidBefore = 0;
    for (const at of firstPaid.values()) {
      if (at < period.start) paidBefore += 1;
      else if (at < period.end) freeToPaid += 1;
    }
    let firstPurchases = 0;
    for (const at of firstPack.values()) if (at >= period.start && at < period.end) firstPurchases += 1;
    const paying = new Set(
      payments
        .filter(
          (p) =>
            (p.kind === 'pack' || p.kind === 'plan') &&
            p.occurredAt >= period.start &&
            p.occurredAt < period.end,
        )
        .map((p) => p.customerId),
    );
    const convertible = customers - paidBefore;
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
      firstPurchases,
      activeCustomers: active[i] ?? 0,
      payingCustomers: paying.size,
    };
  });
  return ok({ periods: out });
}
