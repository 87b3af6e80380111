/**
 * SQL for usage: one event per generation charged, and a per-model-per-day rollup kept in
 * the same transaction so the operator dashboard never scans events.
 */
import { credits, micros } from '../../domain/credits.ts';
import { readInt, type SqlDriver } from '../driver.ts';
import type { UsageEventRow, UsageTotalRow } from '../types.ts';

function toTotal(r: Record<string, unknown>): UsageTotalRow {
  return {
    group: String(r.grp),
    generations: readInt(r.generations ?? 0, 'generations'),
    credits: credits(readInt(r.credits ?? 0, 'credits')),
    providerCostMicros: micros(readInt(r.cost ?? 0, 'provider_cost_micros')),
  };
}

/** Usage queries bound to one connection or transaction. */
export function createUsageQueries(db: SqlDriver) {
  return {
    async insertEvent(e: UsageEventRow): Promise<void> {
      await db.run(
        'INSERT INTO usage_events (tenant_id, id, customer_id, hold_id, charge_id, model_id, category, units, credits, provider_cost_micros, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          e.tenantId,
          e.id,
          e.customerId,
          e.holdId,
          e.chargeId,
          e.modelId,
          e.category,
          JSON.stringify(e.units),
          e.credits,
          e.providerCostMicros,
          e.createdAt,
        ],
      );
    },

    /** Adds to the rollup of one model on one day (negative credits for refunds). */
    async addDaily(
      tenantId: string,
      day: string,
      modelId: string,
      generations: number,
      creditsDelta: number,
      cost: number,
    ) {
      await db.run(
        `INSERT INTO usage_daily (tenant_id, day, model_id, generations, credits, provider_cost_micros) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, day, model_id) DO UPDATE SET generations = usage_daily.generations + excluded.generations,
           credits = usage_daily.credits + excluded.credits, provider_cost_micros = usage_daily.provider_cost_micros + excluded.provider_cost_micros`,
        [tenantId, day, modelId, generations, creditsDelta, cost],
      );
    },

    /** Totals by model over days `from`..`to` (inclusive, `YYYY-MM-DD`). */
    async totalByModel(tenantId: string, from: string, to: string): Promise<UsageTotalRow[]> {
      const rows = await db.query(
        'SELECT model_id AS grp, SUM(generations) AS generations, SUM(credits) AS credits, SUM(provider_cost_micros) AS cost FROM usage_daily WHERE tenant_id = ? AND day >= ? AND day <= ? GROUP BY model_id ORDER BY model_id',
        [tenantId, from, to],
      );
      return rows.map(toTotal);
    },

    /** Totals by day over days `from`..`to`. */
    async totalByDay(tenantId: string, from: string, to: string): Promise<UsageTotalRow[]> {
      const rows = await db.query(
        'SELECT day AS grp, SUM(generations) AS generations, SUM(credits) AS credits, SUM(provider_cost_micros) AS cost FROM usage_daily WHERE tenant_id = ? AND day >= ? AND day <= ? GROUP BY day ORDER BY day',
        [tenantId, from, to],
      );
      return rows.map(toTotal);
    },

    /** Totals by customer over [fromMs, toMs). */
    async totalByCustomer(tenantId: string, fromMs: number, toMs: number): Promise<UsageTotalRow[]> {
      const rows = await db.query(
        'SELECT customer_id AS grp, COUNT(*) AS generations, SUM(credits) AS credits, SUM(provider_cost_micros) AS cost FROM usage_events WHERE tenant_id = ? AND created_at >= ? AND created_at < ? GROUP BY customer_id ORDER BY customer_id',
        [tenantId, fromMs, toMs],
      );
      return rows.map(toTotal);
    },

    /** One customer's charged credits since `since` (projections). */
    async listCustomerSince(
      tenantId: string,
      customerId: string,
      since: number,
    ): Promise<{ at: number; credits: number }[]> {
      const rows = await db.query(
        'SELECT created_at, credits FROM usage_events WHERE tenant_id = ? AND customer_id = ? AND created_at >= ?',
        [tenantId, customerId, since],
      );
      return rows.map((r) => ({
        at: readInt(r.created_at, 'created_at'),
        credits: readInt(r.credits, 'credits'),
      }));
    },
  };
}

export type UsageQueries = ReturnType<typeof createUsageQueries>;
