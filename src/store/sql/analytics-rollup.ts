/**
 * Reads of the analytics rollups (migration 222) for folded days (whole, or today up to the mark), in the row shapes of
 * the raw queries of `analytics.ts`, which add the unfolded rest (see `splitRange`). Sums over
 * days the fold has not reached are never read here.
 */
import { DAY_MS as DAY } from '../../domain/calendar.ts';
import { readInt, type SqlDriver, type SqlValue } from '../driver.ts';
import type { AnalyticsRange, JournalDayRow, UsageDayRow } from './analytics.ts';

/**
 * A range cut at the fold mark: rollup days [fromDay, toDay), which hold [fromDay, foldedTo)
 * (the last one only up to the mark when the mark is inside it), and the ms ranges read raw.
 */
export interface SplitRange {
  readonly fromDay: number;
  readonly toDay: number;
  /** Where the rollups' part ends (ms): `toDay`'s start, or the mark inside the day before it. */
  readonly foldedTo: number;
  readonly raw: readonly { from: number; to: number }[];
}

/**
 * Cuts [from, to) at the fold mark `foldedBefore` (a whole hour): the days that start in the
 * range and that the fold reached come from the rollups — today's row holds the hours folded so
 * far, which is all of it the range wants when the mark is inside the range — the rest is raw.
 */
export function splitRange(from: number, to: number, foldedBefore: number): SplitRange {
  const fromDay = Math.ceil(from / DAY);
  const markInRange = foldedBefore <= to;
  const toDay = markInRange ? Math.ceil(foldedBefore / DAY) : Math.floor(to / DAY);
  const foldedTo = markInRange ? foldedBefore : toDay * DAY;
  if (fromDay >= toDay) return { fromDay: 0, toDay: 0, foldedTo: 0, raw: from < to ? [{ from, to }] : [] };
  const raw: { from: number; to: number }[] = [];
  if (from < fromDay * DAY) raw.push({ from, to: fromDay * DAY });
  if (foldedTo < to) raw.push({ from: foldedTo, to });
  return { fromDay, toDay, foldedTo, raw };
}

/** Rollup reads bound to one connection or transaction. */
export function createRollupReads(db: SqlDriver) {
  return {
    /** Usage sums per day, model, category and (with `byPlan`) the plan it is filed under. */
    async usage(r: AnalyticsRange, s: SplitRange, byPlan: boolean): Promise<UsageDayRow[]> {
      if (s.fromDay >= s.toDay) return [];
      const args: SqlValue[] = [r.tenantId, s.fromDay, s.toDay];
      let where = '';
      for (const [column, value] of [
        ['model_id', r.model],
        ['category', r.category],
        ['plan_id', r.plan],
      ] as const) {
        if (value === undefined) continue;
        where += ` AND ${column} = ?`;
        args.push(value);
      }
      const rows = await db.query(
        `SELECT day, model_id, category, ${byPlan ? 'plan_id' : "''"} AS plan_id, SUM(generations) AS generations,
           SUM(credits) AS credits, SUM(cost_micros) AS cost, SUM(unknown_cost) AS unknown
         FROM analytics_usage_daily WHERE tenant_id = ? AND day >= ? AND day < ?${where}
         GROUP BY day, model_id, category${byPlan ? ', plan_id' : ''}`,
        args,
      );
      return rows.map((row) => ({
        day: readInt(row.day, 'day'),
        modelId: String(row.model_id),
        category: String(row.category),
        customerPlan: String(row.plan_id),
        generations: readInt(row.generations, 'generations'),
        credits: readInt(row.credits, 'credits'),
        costMicros: readInt(row.cost, 'cost'),
        unknownCost: readInt(row.unknown, 'unknown'),
      }));
    },

    /** Journal sums per day, kind, lot source and paid, for folded days in [fromDay, toDay). */
    async journal(tenantId: string, fromDay: number, toDay: number): Promise<JournalDayRow[]> {
      if (fromDay >= toDay) return [];
      const rows = await db.query(
        'SELECT day, kind, source, paid, gained, lost FROM analytics_credits_daily WHERE tenant_id = ? AND day >= ? AND day < ?',
        [tenantId, fromDay, toDay],
      );
      return rows.map((row) => ({
        day: readInt(row.day, 'day'),
        kind: String(row.kind),
        source: String(row.source),
        paid: readInt(row.paid, 'paid') === 1,
        gained: readInt(row.gained, 'gained'),
        lost: readInt(row.lost, 'lost'),
      }));
    },

    /** Customers created per folded day on their first plan. */
    async customersCreated(
      tenantId: string,
      toDay: number,
    ): Promise<{ day: number; plan: string; count: number }[]> {
      const rows = await db.query(
        'SELECT day, plan_id, created FROM analytics_customers_daily WHERE tenant_id = ? AND day < ?',
        [tenantId, toDay],
      );
      return rows.map((row) => ({
        day: readInt(row.day, 'day'),
        plan: String(row.plan_id),
        count: readInt(row.created, 'created'),
      }));
    },

    /** Plan moves per folded day in [fromDay, toDay). */
    async planMoves(
      tenantId: string,
      fromDay: number,
      toDay: number,
    ): Promise<{ day: number; fromPlan: string; toPlan: string; count: number }[]> {
      const rows = await db.query(
        'SELECT day, from_plan, to_plan, moves FROM analytics_plan_moves_daily WHERE tenant_id = ? AND day >= ? AND day < ?',
        [tenantId, fromDay, toDay],
      );
      return rows.map((row) => ({
        day: readInt(row.day, 'day'),
        fromPlan: String(row.from_plan),
        toPlan: String(row.to_plan),
        count: readInt(row.moves, 'moves'),
      }));
    },

    /**
     * Customers whose first generation in a range starting on `sinceDay` falls on a folded day in
     * [fromDay, toDay): those active that day whose previous generation was before `sinceDay`.
     */
    async firstActive(tenantId: string, sinceDay: number, fromDay: number, toDay: number): Promise<number> {
      if (fromDay >= toDay) return 0;
      const rows = await db.query(
        'SELECT SUM(customers) AS n FROM analytics_active_daily WHERE tenant_id = ? AND day >= ? AND day < ? AND prev_day < ?',
        [tenantId, fromDay, toDay, sinceDay],
      );
      const n = rows[0]?.n;
      return n === null || n === undefined ? 0 : readInt(n, 'n');
    },
  };
}
