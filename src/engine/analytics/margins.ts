/**
 * `GET /v1/analytics/margins`: per model and per plan (the customer's current plan), the credits
 * burned valued at the catalog's credit value against the provider's cost, with the margin in
 * basis points (1/100 of a percent; 2500 = 25 %). Cost and margin are null when no generation
 * of the group had a known cost.
 */

import { ok, type Result } from '../../domain/errors.ts';
import { basisPoints } from '../../domain/periods.ts';
import type { UsageDayRow } from '../../store/sql/analytics.ts';
import { type EngineContext, loadTenantCatalog } from '../context.ts';
import { type AnalyticsQuery, addTo, creditValueOf, toRange } from './query.ts';

export interface Margin {
  creditsBurned: number;
  creditValueMicros: number;
  providerCostMicros: number | null;
  marginMicros: number | null;
  marginBp: number | null;
}

export interface MarginAnalytics {
  readonly creditValueMicros: number;
  readonly byModel: ({ model: string } & Margin)[];
  readonly byPlan: ({ plan: string } & Margin)[];
  readonly totals: Margin;
}

/** A margin from credits burned, the value of one credit, known cost and generations without one. */
export function computeMargin(credits: number, creditValue: number, cost: number, known: number): Margin {
  const value = credits * creditValue;
  if (known === 0) {
    return {
      creditsBurned: credits,
      creditValueMicros: value,
      providerCostMicros: null,
      marginMicros: null,
      marginBp: null,
    };
  }
  return {
    creditsBurned: credits,
    creditValueMicros: value,
    providerCostMicros: cost,
    marginMicros: value - cost,
    marginBp: basisPoints(value - cost, value),
  };
}

function group(rows: readonly UsageDayRow[], keyOf: (r: UsageDayRow) => string, creditValue: number) {
  const credits = new Map<string, number>();
  const cost = new Map<string, number>();
  const known = new Map<string, number>();
  for (const r of rows) {
    const key = keyOf(r);
    addTo(credits, key, r.credits);
    addTo(cost, key, r.costMicros);
    addTo(known, key, r.generations - r.unknownCost);
  }
  return [...credits.keys()].sort().map((key) => ({
    key,
    ...computeMargin(credits.get(key) ?? 0, creditValue, cost.get(key) ?? 0, known.get(key) ?? 0),
  }));
}

/** Margins per model, per plan and in total over the range. */
export async function readMarginAnalytics(
  ctx: EngineContext,
  q: AnalyticsQuery,
): Promise<Result<MarginAnalytics>> {
  const loaded = await ctx.store.read(async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, q.tenantId);
    return catalog.ok
      ? ok({ catalog: catalog.value, rows: await tx.analytics.usageByDay(toRange(q), true) })
      : catalog;
  });
  if (!loaded.ok) return loaded;
  const { catalog, rows } = loaded.value;
  const value = creditValueOf(catalog);
  const all = group(rows, () => 'all', value)[0];
  return ok({
    creditValueMicros: value,
    byModel: group(rows, (r) => r.modelId, value).map(({ key, ...m }) => ({ model: key, ...m })),
    byPlan: group(rows, (r) => r.customerPlan, value).map(({ key, ...m }) => ({ plan: key, ...m })),
    totals: all === undefined ? computeMargin(0, value, 0, 0) : (({ key: _k, ...m }) => m)(all),
  });
}
