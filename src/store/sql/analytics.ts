/**
 * Read-only SQL for the operator analytics (issue 14): sums per UTC day (`created_at / 86400000`,
 * integer division in both dialects) that the engine folds into periods. Nothing here writes,
 * and nothing reads a table the authorize or commit path keeps up: usage comes from the usage
 * events, credits from the journal, money from `payment_amounts`, plan moves from `plan_changes`.
 * Days the background fold has reached are read from the daily rollups (migration 222), the
 * rest from those tables (`splitRange`), so every answer is exact whenever it is asked.
 * A `plan` filter keeps the customers whose current plan it is.
 */
import { DAY_MS as DAY } from '../../domain/calendar.ts';
import { readInt, readTextOrNull, type SqlDriver, type SqlValue } from '../driver.ts';
import { createAnalyticsConversionQueries } from './analytics-conversion.ts';
import { createAnalyticsFoldQueries, FIRST_MOVE_SINCE } from './analytics-fold.ts';
import { createRollupReads, type SplitRange, splitRange } from './analytics-rollup.ts';

export interface AnalyticsRange {
  readonly tenantId: string;
  readonly from: number;
  readonly to: number;
  readonly model?: string;
  readonly category?: string;
  readonly plan?: string;
  /** One customer's rows only (the fold's refiling of a moved customer). */
  readonly customerId?: string;
}

export interface UsageDayRow {
  readonly day: number;
  readonly modelId: string;
  readonly category: string;
  readonly customerPlan: string;
  readonly generations: number;
  readonly credits: number;
  readonly costMicros: number;
  readonly unknownCost: number;
}

export interface JournalDayRow {
  readonly day: number;
  readonly kind: string;
  readonly source: string;
  readonly paid: boolean;
  readonly gained: number;
  readonly lost: number;
}

export interface AmountRow {
  readonly occurredAt: number;
  readonly customerId: string | null;
  readonly kind: string;
  readonly item: string;
  readonly amountCents: number;
}

export interface PlanChangeRow {
  readonly customerId: string;
  readonly changedAt: number;
  readonly fromPlan: string;
  readonly toPlan: string;
}

/** ` AND c.plan_id = ?` and its argument when a plan filter is given. */
function planFilter(plan: string | undefined, column = 'c.plan_id'): { sql: string; args: SqlValue[] } {
  return plan === undefined ? { sql: '', args: [] } : { sql: ` AND ${column} = ?`, args: [plan] };
}

/** The raw (unfolded) queries: each reads the source tables over the whole range it is given. */
function createRawQueries(db: SqlDriver) {
  return {
    /**
     * Generations, credits and provider cost per day, model, category and (`byPlan`, or with a
     * plan filter) the customer's current plan; without either the customers are not joined.
     */
    async usageByDay(r: AnalyticsRange, byPlan = false): Promise<UsageDayRow[]> {
      const joinPlan = byPlan || r.plan !== undefined;
      const args: SqlValue[] = [r.tenantId, r.from, r.to];
      let where = '';
      if (r.model !== undefined) {
        where += ' AND u.model_id = ?';
        args.push(r.model);
      }
      if (r.category !== undefined) {
        where += ' AND u.category = ?';
        args.push(r.category);
      }
      if (r.customerId !== undefined) {
        where += ' AND u.customer_id = ?';
        args.push(r.customerId);
      }
      const plan = planFilter(r.plan);
      args.push(...plan.args);
      const rows = await db.query(
        `SELECT u.created_at / ${DAY} AS day, u.model_id, u.category, ${joinPlan ? 'c.plan_id' : "''"} AS plan_id,
           COUNT(*) AS generations, SUM(u.credits) AS credits, SUM(u.provider_cost_micros) AS cost,
           SUM(CASE WHEN u.unknown_cost_generations > 0 THEN 1 ELSE 0 END) AS unknown
         FROM usage_events u${joinPlan ? ' JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = u.customer_id' : ''}
         WHERE u.tenant_id = ? AND u.created_at >= ? AND u.created_at < ?${where}${plan.sql}
         GROUP BY u.created_at / ${DAY}, u.model_id, u.category${joinPlan ? ', c.plan_id' : ''}`,
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

    /**
     * Credits into and out of customers' lots per day, journal transaction kind, lot source and
     * whether the lot was paid for (cost basis above 0). `from: 0` sums everything before `to`.
     */
    async journalByDay(r: AnalyticsRange): Promise<JournalDayRow[]> {
      const plan = planFilter(r.plan);
      const rows = await db.query(
        `SELECT t.created_at / ${DAY} AS day, t.kind, l.source,
           CASE WHEN l.cost_basis_micros > 0 THEN 1 ELSE 0 END AS paid,
           SUM(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END) AS gained,
           SUM(CASE WHEN e.amount < 0 THEN -e.amount ELSE 0 END) AS lost
         FROM journal_transactions t
         JOIN journal_entries e ON e.tenant_id = t.tenant_id AND e.tx_id = t.id
         JOIN lots l ON l.tenant_id = e.tenant_id AND l.id = e.lot_id
         ${r.plan === undefined ? '' : 'JOIN customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id'}
         WHERE t.tenant_id = ? AND t.created_at >= ? AND t.created_at < ? AND e.lot_id IS NOT NULL${plan.sql}
         GROUP BY t.created_at / ${DAY}, t.kind, l.source, CASE WHEN l.cost_basis_micros > 0 THEN 1 ELSE 0 END`,
        [r.tenantId, r.from, r.to, ...plan.args],
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

    /** Credits on lots now, paid (a cost basis) and free apart. */
    async lotBalances(r: Pick<AnalyticsRange, 'tenantId' | 'plan'>): Promise<{ paid: number; free: number }> {
      const plan = planFilter(r.plan);
      const rows = await db.query(
        `SELECT CASE WHEN l.cost_basis_micros > 0 THEN 1 ELSE 0 END AS paid, SUM(l.remaining) AS n FROM lots l
         ${r.plan === undefined ? '' : 'JOIN customers c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id'}
         WHERE l.tenant_id = ? AND l.remaining <> 0${plan.sql} GROUP BY CASE WHEN l.cost_basis_micros > 0 THEN 1 ELSE 0 END`,
        [r.tenantId, ...plan.args],
      );
      const out = { paid: 0, free: 0 };
      for (const row of rows) out[readInt(row.paid, 'paid') === 1 ? 'paid' : 'free'] = readInt(row.n, 'n');
      return out;
    },

    /** Money of Stripe events in [from, to), oldest first (`from: 0`: everything before `to`). */
    async amounts(r: AnalyticsRange): Promise<AmountRow[]> {
      const plan = planFilter(r.plan);
      const rows = await db.query(
        `SELECT p.occurred_at, p.customer_id, p.kind, p.item, p.amount_cents FROM payment_amounts p
         ${r.plan === undefined ? '' : 'JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id'}
         WHERE p.tenant_id = ? AND p.occurred_at >= ? AND p.occurred_at < ?${plan.sql}
         ORDER BY p.occurred_at, p.event_id`,
        [r.tenantId, r.from, r.to, ...plan.args],
      );
      return rows.map((row) => ({
        occurredAt: readInt(row.occurred_at, 'occurred_at'),
        customerId: readTextOrNull(row.customer_id),
        kind: String(row.kind),
        item: String(row.item),
        amountCents: readInt(row.amount_cents, 'amount_cents'),
      }));
    },

    /** Plan moves after `from`, oldest first. */
    async planChangesSince(tenantId: string, from: number): Promise<PlanChangeRow[]> {
      const rows = await db.query(
        'SELECT customer_id, changed_at, from_plan, to_plan FROM plan_changes WHERE tenant_id = ? AND changed_at >= ? ORDER BY changed_at, customer_id',
        [tenantId, from],
      );
      return rows.map((row) => ({
        customerId: String(row.customer_id),
        changedAt: readInt(row.changed_at, 'changed_at'),
        fromPlan: String(row.from_plan),
        toPlan: String(row.to_plan),
      }));
    },

    /** Customers created before `to`, by current plan and creation day. */
    async customersByPlanAndDay(
      tenantId: string,
      to: number,
    ): Promise<{ plan: string; day: number; count: number }[]> {
      const rows = await db.query(
        `SELECT plan_id, created_at / ${DAY} AS day, COUNT(*) AS n FROM customers WHERE tenant_id = ? AND created_at < ?
         GROUP BY plan_id, created_at / ${DAY}`,
        [tenantId, to],
      );
      return rows.map((row) => ({
        plan: String(row.plan_id),
        day: readInt(row.day, 'day'),
        count: readInt(row.n, 'n'),
      }));
    },

    /** When each customer created before `to` was created (for the customers moved in the range). */
    async createdAt(tenantId: string, ids: readonly string[]): Promise<Map<string, number>> {
      const found = new Map<string, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await db.query(
          `SELECT id, created_at FROM customers WHERE tenant_id = ? AND id IN (${chunk.map(() => '?').join(', ')})`,
          [tenantId, ...chunk],
        );
        for (const row of rows) found.set(String(row.id), readInt(row.created_at, 'created_at'));
      }
      return found;
    },

    /** Distinct customers with a usage event in [from, to). */
    async activeCustomers(r: AnalyticsRange): Promise<number> {
      const rows = await db.query(
        'SELECT COUNT(DISTINCT customer_id) AS n FROM usage_events WHERE tenant_id = ? AND created_at >= ? AND created_at < ?',
        [r.tenantId, r.from, r.to],
      );
      return readInt(rows[0]?.n ?? 0, 'n');
    },
  };
}

/** Rows summed per day, model, category and plan; a refiled customer's rows that cancel out are dropped. */
function mergeUsageRows(rows: readonly UsageDayRow[]): UsageDayRow[] {
  const merged = new Map<string, UsageDayRow>();
  for (const row of rows) {
    const key = `${row.day}\u0000${row.modelId}\u0000${row.category}\u0000${row.customerPlan}`;
    const seen = merged.get(key);
    merged.set(
      key,
      seen === undefined
        ? row
        : {
            ...seen,
            generations: seen.generations + row.generations,
            credits: seen.credits + row.credits,
            costMicros: seen.costMicros + row.costMicros,
            unknownCost: seen.unknownCost + row.unknownCost,
          },
    );
  }
  return [...merged.values()].filter((r) => r.generations !== 0);
}

/** Analytics queries bound to one connection or transaction: folded days from the rollups, the rest raw. */
export function createAnalyticsQueries(db: SqlDriver) {
  const raw = createRawQueries(db);
  const rollup = createRollupReads(db);
  const fold = createAnalyticsFoldQueries(db);

  /**
   * Corrections for customers whose plan changed at or after the plan mark: their folded usage
   * is filed under the plan they had then; it counts under their current plan.
   */
  async function refiledUsage(r: AnalyticsRange, s: SplitRange, plansAt: number): Promise<UsageDayRow[]> {
    const moved = await db.query(
      `SELECT f.customer_id, f.from_plan, c.plan_id FROM (${FIRST_MOVE_SINCE}) f
       JOIN customers c ON c.tenant_id = ? AND c.id = f.customer_id WHERE c.plan_id <> f.from_plan`,
      [r.tenantId, plansAt, plansAt, r.tenantId],
    );
    const out: UsageDayRow[] = [];
    for (const m of moved) {
      const filed = String(m.from_plan);
      const current = String(m.plan_id);
      if (r.plan !== undefined && r.plan !== filed && r.plan !== current) continue;
      const rows = await raw.usageByDay({
        tenantId: r.tenantId,
        from: s.fromDay * DAY,
        to: s.foldedTo,
        ...(r.model === undefined ? {} : { model: r.model }),
        ...(r.category === undefined ? {} : { category: r.category }),
        customerId: String(m.customer_id),
      });
      for (const row of rows) {
        if (r.plan === undefined || r.plan === filed)
          out.push({
            ...row,
            customerPlan: filed,
            generations: -row.generations,
            credits: -row.credits,
            costMicros: -row.costMicros,
            unknownCost: -row.unknownCost,
          });
        if (r.plan === undefined || r.plan === current) out.push({ ...row, customerPlan: current });
      }
    }
    return out;
  }

  /** As `journalByDay` of the raw tables, with folded days read from the rollup (raw with a plan filter). */
  async function journalByDay(r: AnalyticsRange): Promise<JournalDayRow[]> {
    if (r.plan !== undefined) return raw.journalByDay(r);
    const mark = await fold.readMark(r.tenantId);
    const s = splitRange(r.from, r.to, mark.foldedBefore);
    const rows = await rollup.journal(r.tenantId, s.fromDay, s.toDay);
    for (const part of s.raw) rows.push(...(await raw.journalByDay({ ...r, ...part })));
    return rows;
  }

  return {
    ...raw,
    ...createAnalyticsConversionQueries(db),

    /** The tenant's fold mark as committed. */
    readFoldMark: (tenantId: string) => fold.readMark(tenantId),

    /** As `usageByDay` of the raw tables, with folded days read from the rollup. */
    async usageByDay(r: AnalyticsRange, byPlan = false): Promise<UsageDayRow[]> {
      const mark = await fold.readMark(r.tenantId);
      const s = splitRange(r.from, r.to, mark.foldedBefore);
      const joinPlan = byPlan || r.plan !== undefined;
      const rows = await rollup.usage(r, s, joinPlan);
      if (joinPlan && s.fromDay < s.toDay) rows.push(...(await refiledUsage(r, s, mark.plansAt)));
      for (const part of s.raw) rows.push(...(await raw.usageByDay({ ...r, ...part }, byPlan)));
      return mergeUsageRows(rows);
    },

    journalByDay,

    /**
     * Credits on lots at `at`, paid and free apart: the journal's lot entries before `at` (the
     * lots' balances are their sums); with a plan filter, the lots now less what moved since.
     */
    async outstandingAt(
      r: Pick<AnalyticsRange, 'tenantId' | 'plan'>,
      at: number,
    ): Promise<{ paid: number; free: number }> {
      const out = { paid: 0, free: 0 };
      if (r.plan !== undefined) {
        const now = await raw.lotBalances(r);
        out.paid = now.paid;
        out.free = now.free;
        for (const row of await raw.journalByDay({ ...r, from: at, to: Number.MAX_SAFE_INTEGER }))
          out[row.paid ? 'paid' : 'free'] -= row.gained - row.lost;
        return out;
      }
      for (const row of await journalByDay({ tenantId: r.tenantId, from: 0, to: at }))
        out[row.paid ? 'paid' : 'free'] += row.gained - row.lost;
      return out;
    },

    /** Money of Stripe events in [from, to) summed per UTC day, kind and item (`occurredAt`: the day's start). */
    async amountsByDay(r: AnalyticsRange): Promise<AmountRow[]> {
      const plan = planFilter(r.plan);
      const rows = await db.query(
        `SELECT p.occurred_at / ${DAY} AS day, p.kind, p.item, SUM(p.amount_cents) AS cents FROM payment_amounts p
         ${r.plan === undefined ? '' : 'JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id'}
         WHERE p.tenant_id = ? AND p.occurred_at >= ? AND p.occurred_at < ?${plan.sql}
         GROUP BY p.occurred_at / ${DAY}, p.kind, p.item`,
        [r.tenantId, r.from, r.to, ...plan.args],
      );
      return rows.map((row) => ({
        occurredAt: readInt(row.day, 'day') * DAY,
        customerId: null,
        kind: String(row.kind),
        item: String(row.item),
        amountCents: readInt(row.cents, 'cents'),
      }));
    },
  };
}
