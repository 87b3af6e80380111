/**
 * SQL for usage: one event per generation charged, one delta per commit or refund, and a
 * per-model-per-day rollup that a background step folds the deltas into (see
 * `usage-rollup-schema.ts`), so neither the hot path nor the dashboard touches a shared row
 * or scans events.
 */
import { credits, micros } from '../../domain/credits.ts';
import { formatPlaceholders, forUpdateSkipLocked, readInt, type SqlDriver } from '../driver.ts';
import type { UsageDeltaRow, UsageEventRow, UsageTotalRow } from '../types.ts';

/** The folded rollup plus the deltas not folded yet, for one tenant over days `?`..`?` (bound twice). */
const DAILY_WITH_DELTAS = `SELECT day, model_id, category, generations, credits, provider_cost_micros, unknown_cost_generations FROM usage_daily WHERE tenant_id = ? AND day >= ? AND day <= ?
  UNION ALL SELECT day, model_id, category, generations, credits, provider_cost_micros, unknown_cost_generations FROM usage_deltas WHERE tenant_id = ? AND day >= ? AND day <= ?`;

/** The sums a total reads: generations, credits, known cost and generations of unknown cost. */
const SUMS =
  'SUM(generations) AS generations, SUM(credits) AS credits, SUM(provider_cost_micros) AS cost, SUM(unknown_cost_generations) AS unknown';

function toTotal(r: Record<string, unknown>): UsageTotalRow {
  const generations = readInt(r.generations ?? 0, 'generations');
  const unknown = readInt(r.unknown ?? 0, 'unknown_cost_generations');
  return {
    group: String(r.grp),
    generations,
    credits: credits(readInt(r.credits ?? 0, 'credits')),
    // Unknown is unknown, not free: a group with no known cost answers null.
    providerCostMicros:
      unknown > 0 && unknown >= generations ? null : micros(readInt(r.cost ?? 0, 'provider_cost_micros')),
    unknownCostGenerations: unknown,
  };
}

/** Usage queries bound to one connection or transaction. */
export function createUsageQueries(db: SqlDriver) {
  return {
    async insertEvent(e: UsageEventRow): Promise<void> {
      await db.run(
        'INSERT INTO usage_events (tenant_id, id, customer_id, hold_id, charge_id, model_id, category, units, credits, provider_cost_micros, unknown_cost_generations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
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
          e.unknownCostGenerations,
          e.createdAt,
        ],
      );
    },

    /**
     * Appends one change to the daily rollup (a commit, or a refund with negative credits):
     * a row of its own, so concurrent commits never queue on a shared row.
     */
    async insertDelta(d: UsageDeltaRow): Promise<void> {
      await db.run(
        'INSERT INTO usage_deltas (tenant_id, id, day, model_id, category, generations, credits, provider_cost_micros, unknown_cost_generations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          d.tenantId,
          d.id,
          d.day,
          d.modelId,
          d.category,
          d.generations,
          d.credits,
          d.providerCostMicros,
          d.unknownCostGenerations,
        ],
      );
    },

    /**
     * Up to `limit` deltas not yet folded, oldest id first. On PostgreSQL they are locked and
     * rows another process is folding are skipped, so two roll-up steps never fold one twice.
     */
    async takeDeltas(limit: number): Promise<UsageDeltaRow[]> {
      const rows = await db.query(
        `SELECT tenant_id, id, day, model_id, category, generations, credits, provider_cost_micros, unknown_cost_generations FROM usage_deltas ORDER BY tenant_id, id LIMIT ?${forUpdateSkipLocked(db)}`,
        [limit],
      );
      return rows.map((r) => ({
        tenantId: String(r.tenant_id),
        id: String(r.id),
        day: String(r.day),
        modelId: String(r.model_id),
        category: String(r.category),
        generations: readInt(r.generations, 'generations'),
        credits: readInt(r.credits, 'credits'),
        providerCostMicros: readInt(r.provider_cost_micros, 'provider_cost_micros'),
        unknownCostGenerations: readInt(r.unknown_cost_generations, 'unknown_cost_generations'),
      }));
    },

    /** Deletes folded deltas of one tenant. */
    async deleteDeltas(tenantId: string, ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db.run(
        `DELETE FROM usage_deltas WHERE tenant_id = ? AND id IN (${formatPlaceholders(ids.length)})`,
        [tenantId, ...ids],
      );
    },

    /** Adds to the rollup of one model on one day (the background roll-up step only). */
    async addDaily(row: Omit<UsageDeltaRow, 'id'>): Promise<void> {
      await db.run(
        `INSERT INTO usage_daily (tenant_id, day, model_id, category, generations, credits, provider_cost_micros, unknown_cost_generations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, day, model_id) DO UPDATE SET generations = usage_daily.generations + excluded.generations,
           credits = usage_daily.credits + excluded.credits, provider_cost_micros = usage_daily.provider_cost_micros + excluded.provider_cost_micros,
           unknown_cost_generations = usage_daily.unknown_cost_generations + excluded.unknown_cost_generations,
           category = CASE WHEN usage_daily.category = '' THEN excluded.category ELSE usage_daily.category END`,
        [
          row.tenantId,
          row.day,
          row.modelId,
          row.category,
          row.generations,
          row.credits,
          row.providerCostMicros,
          row.unknownCostGenerations,
        ],
      );
    },

    /** Totals by model over days `from`..`to` (inclusive, `YYYY-MM-DD`), deltas not yet folded included. */
    async totalByModel(tenantId: string, from: string, to: string): Promise<UsageTotalRow[]> {
      const rows = await db.query(
        `SELECT model_id AS grp, ${SUMS} FROM (${DAILY_WITH_DELTAS}) u GROUP BY model_id ORDER BY model_id`,
        [tenantId, from, to, tenantId, from, to],
      );
      return rows.map(toTotal);
    },

    /** Totals by day over days `from`..`to`, deltas not yet folded included. */
    async totalByDay(tenantId: string, from: string, to: string): Promise<UsageTotalRow[]> {
      const rows = await db.query(
        `SELECT day AS grp, ${SUMS} FROM (${DAILY_WITH_DELTAS}) u GROUP BY day ORDER BY day`,
        [tenantId, from, to, tenantId, from, to],
      );
      return rows.map(toTotal);
    },

    /** Totals by customer over [fromMs, toMs). */
    async totalByCustomer(tenantId: string, fromMs: number, toMs: number): Promise<UsageTotalRow[]> {
      const rows = await db.query(
        'SELECT customer_id AS grp, COUNT(*) AS generations, SUM(credits) AS credits, SUM(provider_cost_micros) AS cost, SUM(CASE WHEN unknown_cost_generations > 0 THEN 1 ELSE 0 END) AS unknown FROM usage_events WHERE tenant_id = ? AND created_at >= ? AND created_at < ? GROUP BY customer_id ORDER BY customer_id',
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
