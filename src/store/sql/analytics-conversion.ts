/**
 * The conversion figures' reads (issue 14 items 1 and 5): customers on each plan and plan
 * moves as day sums (folded days from the rollups, the rest from `customers` and
 * `plan_changes`), distinct active customers of a range through the rollup's "previous active
 * day" counts, and first payments as a histogram by day (kept with each payment, migration 223). No read grows with the number of
 * customers except the unfolded tail's.
 */
import { DAY_MS as DAY } from '../../domain/calendar.ts';
import { readInt, type SqlDriver } from '../driver.ts';
import type { AnalyticsRange } from './analytics.ts';
import { createFirstPaymentQueries } from './analytics-first-payments.ts';
import { createAnalyticsFoldQueries } from './analytics-fold.ts';
import { createRollupReads, splitRange } from './analytics-rollup.ts';

/** A count at a time: a folded day's start, or the exact time of an unfolded row. */
export interface TimedCount {
  readonly at: number;
  readonly count: number;
}

/** A count on a UTC day (days since the epoch). */
export interface DayCount {
  readonly day: number;
  readonly count: number;
}

export interface PlanHistory {
  /** Customers created, on their first plan. */
  readonly created: readonly (TimedCount & { plan: string })[];
  readonly moves: readonly (TimedCount & { fromPlan: string; toPlan: string })[];
}

/** Conversion queries bound to one connection or transaction. */
export function createAnalyticsConversionQueries(db: SqlDriver) {
  const rollup = createRollupReads(db);
  const fold = createAnalyticsFoldQueries(db);
  const firstPayments = createFirstPaymentQueries(db);
  return {
    /**
     * Customers created (on their first plan: the `from_plan` of their first move, else their
     * plan) and plan moves before `to`; the customers on a plan at a time are the created ones
     * before it plus the moves to it less the moves from it.
     */
    async planHistory(tenantId: string, to: number): Promise<PlanHistory> {
      const { foldedBefore } = await fold.readMark(tenantId);
      // Rollup days up to the mark (today's row holds the hours folded so far), raw after it.
      const s = splitRange(0, to, foldedBefore);
      const toDay = s.toDay;
      const tailFrom = s.raw[0]?.from ?? to;
      const created = (await rollup.customersCreated(tenantId, toDay)).map((r) => ({
        at: r.day * DAY,
        plan: r.plan,
        count: r.count,
      }));
      const moves = (await rollup.planMoves(tenantId, 0, toDay)).map((r) => ({
        at: r.day * DAY,
        fromPlan: r.fromPlan,
        toPlan: r.toPlan,
        count: r.count,
      }));
      if (tailFrom < to) {
        const tail = await db.query(
          `SELECT x.created_at, x.plan_id, COUNT(*) AS n FROM (
             SELECT c.created_at, COALESCE((SELECT p.from_plan FROM plan_changes p WHERE p.tenant_id = c.tenant_id
               AND p.customer_id = c.id ORDER BY p.changed_at, p.to_plan LIMIT 1), c.plan_id) AS plan_id
             FROM customers c WHERE c.tenant_id = ? AND c.created_at >= ? AND c.created_at < ?) x
           GROUP BY x.created_at, x.plan_id`,
          [tenantId, tailFrom, to],
        );
        for (const r of tail)
          created.push({
            at: readInt(r.created_at, 'created_at'),
            plan: String(r.plan_id),
            count: readInt(r.n, 'n'),
          });
        const tailMoves = await db.query(
          `SELECT changed_at, from_plan, to_plan, COUNT(*) AS n FROM plan_changes
           WHERE tenant_id = ? AND changed_at >= ? AND changed_at < ? GROUP BY changed_at, from_plan, to_plan`,
          [tenantId, tailFrom, to],
        );
        for (const r of tailMoves)
          moves.push({
            at: readInt(r.changed_at, 'changed_at'),
            fromPlan: String(r.from_plan),
            toPlan: String(r.to_plan),
            count: readInt(r.n, 'n'),
          });
      }
      return { created, moves };
    },

    /** Distinct customers with a usage event in [from, to). */
    async activeCustomers(r: AnalyticsRange): Promise<number> {
      const { foldedBefore } = await fold.readMark(r.tenantId);
      const s = splitRange(r.from, r.to, foldedBefore);
      const tail = s.raw[0];
      // Folded days only serve a range that starts on one: then the tail is its end, if any.
      if (s.fromDay >= s.toDay || r.from !== s.fromDay * DAY) {
        const rows = await db.query(
          'SELECT COUNT(DISTINCT customer_id) AS n FROM usage_events WHERE tenant_id = ? AND created_at >= ? AND created_at < ?',
          [r.tenantId, r.from, r.to],
        );
        return readInt(rows[0]?.n ?? 0, 'n');
      }
      let n = await rollup.firstActive(r.tenantId, s.fromDay, s.fromDay, s.toDay);
      if (tail !== undefined) {
        const rows = await db.query(
          `SELECT COUNT(*) AS n FROM (SELECT DISTINCT customer_id FROM usage_events
             WHERE tenant_id = ? AND created_at >= ? AND created_at < ?) d
           WHERE NOT EXISTS (SELECT 1 FROM usage_events u WHERE u.tenant_id = ? AND u.customer_id = d.customer_id
             AND u.created_at >= ? AND u.created_at < ?)`,
          [r.tenantId, tail.from, tail.to, r.tenantId, r.from, tail.from],
        );
        n += readInt(rows[0]?.n ?? 0, 'n');
      }
      return n;
    },

    /**
     * Customers by the UTC day of their first payment before `to` (a UTC midnight): `paid` of a
     * pack or a plan, `pack` of a pack. Read from the first-payment histogram (migration 223).
     */
    firstPaymentDays: (tenantId: string, to: number) => firstPayments.days(tenantId, to),

    /**
     * Customers who paid for a pack or a plan in [from, to) (payments not attributed count as
     * one): from the paying-days histogram (migration 223) for a range of whole days.
     */
    async payingCustomers(r: AnalyticsRange): Promise<number> {
      if (r.from % DAY === 0 && r.to % DAY === 0)
        return firstPayments.payingCustomers(r.tenantId, r.from, r.to);
      const rows = await db.query(
        `SELECT COUNT(DISTINCT customer_id) AS n, MAX(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END) AS unattributed
         FROM payment_amounts WHERE tenant_id = ? AND occurred_at >= ? AND occurred_at < ? AND kind IN ('pack', 'plan')`,
        [r.tenantId, r.from, r.to],
      );
      const row = rows[0];
      return row === undefined ? 0 : readInt(row.n, 'n') + readInt(row.unattributed ?? 0, 'unattributed');
    },
  };
}
