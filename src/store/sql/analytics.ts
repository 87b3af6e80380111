/**
 * Read-only SQL for the operator analytics (issue 14): sums per UTC day (`created_at / 86400000`,
 * integer division in both dialects) that the engine folds into periods. Nothing here writes,
 * and nothing reads a table the authorize or commit path keeps up: usage comes from the usage
 * events, credits from the journal, money from `payment_amounts`, plan moves from `plan_changes`.
 * A `plan` filter keeps the customers whose current plan it is.
 */
import { readInt, readTextOrNull, type SqlDriver, type SqlValue } from '../driver.ts';

export interface AnalyticsRange {
  readonly tenantId: string;
  readonly from: number;
  readonly to: number;
  readonly model?: string;
  readonly category?: string;
  readonly plan?: string;
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

const DAY = 86_400_000;

/** ` AND c.plan_id = ?` and its argument when a plan filter is given. */
function planFilter(plan: string | undefined, column = 'c.plan_id'): { sql: string; args: SqlValue[] } {
  return plan === undefined ? { sql: '', args: [] } : { sql: ` AND ${column} = ?`, args: [plan] };
}

/** Analytics queries bound to one connection or transaction. */
export function createAnalyticsQueries(db: SqlDriver) {
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
