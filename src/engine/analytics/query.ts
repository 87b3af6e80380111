/**
 * What every analytics figure is asked with: the tenant, a range of whole UTC days, the
 * granularity of its periods and optional model, category and plan filters. The figures are
 * defined in docs/analytics.md; each file of this folder computes one route's.
 */

import { DAY_MS } from '../../domain/calendar.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Granularity, Period } from '../../domain/periods.ts';
import { findPeriodIndex, listPeriods } from '../../domain/periods.ts';
import type { AnalyticsRange } from '../../store/sql/analytics.ts';

export interface AnalyticsQuery {
  readonly tenantId: string;
  /** Epoch ms at a UTC midnight, inclusive. */
  readonly from: number;
  /** Epoch ms at a UTC midnight, exclusive. */
  readonly to: number;
  readonly granularity: Granularity;
  readonly model?: string;
  readonly category?: string;
  readonly plan?: string;
}

/** The range as the SQL layer reads it. */
export function toRange(q: AnalyticsQuery): AnalyticsRange {
  return {
    tenantId: q.tenantId,
    from: q.from,
    to: q.to,
    ...(q.model === undefined ? {} : { model: q.model }),
    ...(q.category === undefined ? {} : { category: q.category }),
    ...(q.plan === undefined ? {} : { plan: q.plan }),
  };
}

/** The query's periods, and a finder from a UTC day number (`ms / DAY_MS`) to its period's index. */
export function periodsOf(q: AnalyticsQuery): { periods: Period[]; indexOfDay: (day: number) => number } {
  const periods = listPeriods(q.from, q.to, q.granularity);
  return { periods, indexOfDay: (day) => findPeriodIndex(periods, day * DAY_MS) };
}

/** One catalog-wide credit's value in micro-dollars. */
export function creditValueOf(catalog: Catalog): number {
  return catalog.creditValueMicros;
}

/** A plan's monthly price in cents; 0 for a plan the catalog no longer has. */
export function planPriceOf(catalog: Catalog, planId: string): number {
  return catalog.plans.find((p) => p.id === planId)?.priceCents ?? 0;
}

/** Adds `value` under `key` in a map of numbers. */
export function addTo(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
