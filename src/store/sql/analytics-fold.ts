/**
 * The analytics fold's SQL (issue 14 item 5): adds one tenant's whole UTC hours of usage events,
 * journal, new customers and plan moves into the daily rollups of migration 222, each sum
 * computed by the database (`INSERT ... SELECT ... GROUP BY`, upserted), and keeps the fold
 * mark. Only the background fold calls these; nothing on a money path does.
 *
 * Usage is filed under the customer's plan as of the plan mark `plansAt`: the `from_plan` of
 * the customer's first move at or after it, else its current plan. A move between two plan
 * marks refiles the customer's folded usage (`refileUsage`).
 */
import { DAY_MS as DAY } from '../../domain/calendar.ts';
import { readInt, type SqlDriver } from '../driver.ts';

export interface FoldMark {
  /** A whole UTC hour: usage events, journal, customers and plan moves created before it are folded. */
  readonly foldedBefore: number;
  /** Folded usage is filed under each customer's plan as of this time. */
  readonly plansAt: number;
}

export interface PlanMove {
  readonly customerId: string;
  readonly changedAt: number;
  readonly fromPlan: string;
  readonly toPlan: string;
}

/** Each customer's first move at or after `?` (bound twice): its plan then was `from_plan`. */
export const FIRST_MOVE_SINCE = `SELECT p1.customer_id, p1.from_plan FROM plan_changes p1
  WHERE p1.tenant_id = ? AND p1.changed_at >= ? AND NOT EXISTS (
    SELECT 1 FROM plan_changes p2 WHERE p2.tenant_id = p1.tenant_id AND p2.customer_id = p1.customer_id
      AND p2.changed_at >= ? AND (p2.changed_at < p1.changed_at OR (p2.changed_at = p1.changed_at AND p2.to_plan < p1.to_plan)))`;

function toMark(row: Record<string, unknown> | undefined): FoldMark {
  return row === undefined
    ? { foldedBefore: 0, plansAt: 0 }
    : {
        foldedBefore: readInt(row.folded_before, 'folded_before'),
        plansAt: readInt(row.plans_at, 'plans_at'),
      };
}

/** Fold queries bound to one transaction. */
export function createAnalyticsFoldQueries(db: SqlDriver) {
  return {
    /** The tenant's mark as committed (0s before the first fold). */
    async readMark(tenantId: string): Promise<FoldMark> {
      const rows = await db.query(
        'SELECT folded_before, plans_at FROM analytics_fold_marks WHERE tenant_id = ?',
        [tenantId],
      );
      return toMark(rows[0]);
    },

    /**
     * The tenant's mark, written first so this transaction holds its row: a second folder of
     * the tenant waits here (PostgreSQL row lock; SQLite's one writer) and then reads the mark
     * the first one left.
     */
    async takeMark(tenantId: string, now: number): Promise<FoldMark> {
      await db.run(
        'INSERT INTO analytics_fold_marks (tenant_id, folded_before, plans_at, updated_at) VALUES (?, 0, 0, ?) ON CONFLICT (tenant_id) DO NOTHING',
        [tenantId, now],
      );
      await db.run('UPDATE analytics_fold_marks SET updated_at = ? WHERE tenant_id = ?', [now, tenantId]);
      return this.readMark(tenantId);
    },

    async advanceMark(tenantId: string, mark: FoldMark, now: number): Promise<void> {
      await db.run(
        'UPDATE analytics_fold_marks SET folded_before = ?, plans_at = ?, updated_at = ? WHERE tenant_id = ?',
        [mark.foldedBefore, mark.plansAt, now, tenantId],
      );
    },

    /** The time of the tenant's oldest usage event, journal transaction, customer or plan move. */
    async firstActivity(tenantId: string): Promise<number | null> {
      let first: number | null = null;
      for (const [table, column] of [
        ['usage_events', 'created_at'],
        ['journal_transactions', 'created_at'],
        ['customers', 'created_at'],
        ['plan_changes', 'changed_at'],
      ] as const) {
        const rows = await db.query(`SELECT MIN(${column}) AS at FROM ${table} WHERE tenant_id = ?`, [
          tenantId,
        ]);
        const at = rows[0]?.at;
        if (at !== null && at !== undefined) {
          const n = readInt(at, 'at');
          if (first === null || n < first) first = n;
        }
      }
      return first;
    },

    /** Plan moves in [from, to), oldest first. */
    async planMoves(tenantId: string, from: number, to: number): Promise<PlanMove[]> {
      const rows = await db.query(
        'SELECT customer_id, changed_at, from_plan, to_plan FROM plan_changes WHERE tenant_id = ? AND changed_at >= ? AND changed_at < ? ORDER BY changed_at, customer_id, to_plan',
        [tenantId, from, to],
      );
      return rows.map((r) => ({
        customerId: String(r.customer_id),
        changedAt: readInt(r.changed_at, 'changed_at'),
        fromPlan: String(r.from_plan),
        toPlan: String(r.to_plan),
      }));
    },

    /** Moves one customer's usage created before `before` from one plan's rollup rows to another's. */
    async refileUsage(
      tenantId: string,
      customerId: string,
      fromPlan: string,
      toPlan: string,
      before: number,
    ) {
      for (const [plan, sign] of [
        [fromPlan, -1],
        [toPlan, 1],
      ] as const) {
        await db.run(
          `INSERT INTO analytics_usage_daily (tenant_id, day, model_id, category, plan_id, generations, credits, cost_micros, unknown_cost)
           SELECT u.tenant_id, u.created_at / ${DAY}, u.model_id, u.category, ?, ${sign} * COUNT(*), ${sign} * SUM(u.credits),
             ${sign} * SUM(u.provider_cost_micros), ${sign} * SUM(CASE WHEN u.unknown_cost_generations > 0 THEN 1 ELSE 0 END)
           FROM usage_events u WHERE u.tenant_id = ? AND u.customer_id = ? AND u.created_at < ?
           GROUP BY u.tenant_id, u.created_at / ${DAY}, u.model_id, u.category
           ON CONFLICT (tenant_id, day, model_id, category, plan_id) DO UPDATE SET
             generations = analytics_usage_daily.generations + excluded.generations,
             credits = analytics_usage_daily.credits + excluded.credits,
             cost_micros = analytics_usage_daily.cost_micros + excluded.cost_micros,
             unknown_cost = analytics_usage_daily.unknown_cost + excluded.unknown_cost`,
          [plan, tenantId, customerId, before],
        );
      }
    },

    /**
     * Adds everything created in [from, to) to the daily rollups; `plansAt` files usage. The
     * span is whole hours: part of one day, or whole days; a day folded in parts adds up to
     * the day folded at once.
     */
    async foldDays(tenantId: string, from: number, to: number, plansAt: number): Promise<void> {
      await db.run(
        `INSERT INTO analytics_usage_daily (tenant_id, day, model_id, category, plan_id, generations, credits, cost_micros, unknown_cost)
         SELECT u.tenant_id, u.created_at / ${DAY}, u.model_id, u.category, COALESCE(f.from_plan, c.plan_id), COUNT(*), SUM(u.credits),
           SUM(u.provider_cost_micros), SUM(CASE WHEN u.unknown_cost_generations > 0 THEN 1 ELSE 0 END)
         FROM usage_events u JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = u.customer_id
         LEFT JOIN (${FIRST_MOVE_SINCE}) f ON f.customer_id = u.customer_id
         WHERE u.tenant_id = ? AND u.created_at >= ? AND u.created_at < ?
         GROUP BY u.tenant_id, u.created_at / ${DAY}, u.model_id, u.category, COALESCE(f.from_plan, c.plan_id)
         ON CONFLICT (tenant_id, day, model_id, category, plan_id) DO UPDATE SET
           generations = analytics_usage_daily.generations + excluded.generations,
           credits = analytics_usage_daily.credits + excluded.credits,
           cost_micros = analytics_usage_daily.cost_micros + excluded.cost_micros,
           unknown_cost = analytics_usage_daily.unknown_cost + excluded.unknown_cost`,
        [tenantId, plansAt, plansAt, tenantId, from, to],
      );
      await db.run(
        `INSERT INTO analytics_credits_daily (tenant_id, day, kind, source, paid, gained, lost)
         SELECT t.tenant_id, t.created_at / ${DAY}, t.kind, l.source, CASE WHEN l.cost_basis_micros > 0 THEN 1 ELSE 0 END,
           SUM(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END), SUM(CASE WHEN e.amount < 0 THEN -e.amount ELSE 0 END)
         FROM journal_transactions t
         JOIN journal_entries e ON e.tenant_id = t.tenant_id AND e.tx_id = t.id
         JOIN lots l ON l.tenant_id = e.tenant_id AND l.id = e.lot_id
         WHERE t.tenant_id = ? AND t.created_at >= ? AND t.created_at < ? AND e.lot_id IS NOT NULL
         GROUP BY t.tenant_id, t.created_at / ${DAY}, t.kind, l.source, CASE WHEN l.cost_basis_micros > 0 THEN 1 ELSE 0 END
         ON CONFLICT (tenant_id, day, kind, source, paid) DO UPDATE SET
           gained = analytics_credits_daily.gained + excluded.gained, lost = analytics_credits_daily.lost + excluded.lost`,
        [tenantId, from, to],
      );
      await db.run(
        `INSERT INTO analytics_customers_daily (tenant_id, day, plan_id, created)
         SELECT x.tenant_id, x.day, x.plan_id, COUNT(*) FROM (
           SELECT c.tenant_id, c.created_at / ${DAY} AS day, COALESCE((SELECT p.from_plan FROM plan_changes p
             WHERE p.tenant_id = c.tenant_id AND p.customer_id = c.id ORDER BY p.changed_at, p.to_plan LIMIT 1), c.plan_id) AS plan_id
           FROM customers c WHERE c.tenant_id = ? AND c.created_at >= ? AND c.created_at < ?) x
         WHERE true GROUP BY x.tenant_id, x.day, x.plan_id
         ON CONFLICT (tenant_id, day, plan_id) DO UPDATE SET created = analytics_customers_daily.created + excluded.created`,
        [tenantId, from, to],
      );
      await db.run(
        `INSERT INTO analytics_plan_moves_daily (tenant_id, day, from_plan, to_plan, moves)
         SELECT tenant_id, changed_at / ${DAY}, from_plan, to_plan, COUNT(*) FROM plan_changes
         WHERE tenant_id = ? AND changed_at >= ? AND changed_at < ?
         GROUP BY tenant_id, changed_at / ${DAY}, from_plan, to_plan
         ON CONFLICT (tenant_id, day, from_plan, to_plan) DO UPDATE SET moves = analytics_plan_moves_daily.moves + excluded.moves`,
        [tenantId, from, to],
      );
      // Customers active on each day of the span, once per day: by their first event of the day
      // (the previous day of the span they were active on, else their last event before the
      // day), leaving out on `from`'s day those already counted by an earlier fold of that day.
      const fromDay = Math.floor(from / DAY);
      await db.run(
        `INSERT INTO analytics_active_daily (tenant_id, day, prev_day, customers)
         SELECT ?, p.day, p.prev_day, COUNT(*) FROM (
           SELECT w.day, COALESCE(w.prev, (SELECT MAX(u2.created_at) FROM usage_events u2
             WHERE u2.tenant_id = ? AND u2.customer_id = w.customer_id AND u2.created_at < w.day * ${DAY}) / ${DAY}, -1) AS prev_day
           FROM (SELECT d.customer_id, d.day, LAG(d.day) OVER (PARTITION BY d.customer_id ORDER BY d.day) AS prev
             FROM (SELECT customer_id, created_at / ${DAY} AS day FROM usage_events
               WHERE tenant_id = ? AND created_at >= ? AND created_at < ? GROUP BY customer_id, created_at / ${DAY}) d) w
           WHERE w.day <> ? OR NOT EXISTS (SELECT 1 FROM usage_events u3 WHERE u3.tenant_id = ?
             AND u3.customer_id = w.customer_id AND u3.created_at >= ? AND u3.created_at < ?)
         ) p WHERE true GROUP BY p.day, p.prev_day
         ON CONFLICT (tenant_id, day, prev_day) DO UPDATE SET customers = analytics_active_daily.customers + excluded.customers`,
        [tenantId, tenantId, tenantId, from, to, fromDay, tenantId, fromDay * DAY, from],
      );
    },
  };
}
