/**
 * SQL for plan allowances and daily credits: the claim of a plan period (unique per customer,
 * period start and plan, which is what keeps an allowance from being granted twice) and the
 * customer row's marks that make "is anything due?" an in-memory check on the locked row.
 */
import { readInt, type SqlDriver } from '../driver.ts';

/** One plan period started for a customer. */
export interface PlanPeriodRow {
  readonly tenantId: string;
  readonly customerId: string;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly planId: string;
  /** The lot ref of the period's allowance (a Stripe invoice or payment, or `period:<plan>:<month>`). */
  readonly ref: string;
  readonly createdAt: number;
}

/** Allowance queries bound to one connection or transaction. */
export function createAllowanceQueries(db: SqlDriver) {
  return {
    /** Records a started period; false if this customer already started it on this plan. */
    async claimPeriod(p: PlanPeriodRow): Promise<boolean> {
      const rows = await db.query(
        'INSERT INTO plan_periods (tenant_id, customer_id, period_start, plan_id, period_end, ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING period_start',
        [p.tenantId, p.customerId, p.periodStart, p.planId, p.periodEnd, p.ref, p.createdAt],
      );
      return rows.length === 1;
    },

    /** A customer's started periods, oldest first. */
    async listPeriods(tenantId: string, customerId: string): Promise<PlanPeriodRow[]> {
      const rows = await db.query(
        'SELECT period_start, period_end, plan_id, ref, created_at FROM plan_periods WHERE tenant_id = ? AND customer_id = ? ORDER BY period_start, created_at',
        [tenantId, customerId],
      );
      return rows.map((r) => ({
        tenantId,
        customerId,
        periodStart: readInt(r.period_start, 'period_start'),
        periodEnd: readInt(r.period_end, 'period_end'),
        planId: String(r.plan_id),
        ref: String(r.ref),
        createdAt: readInt(r.created_at, 'created_at'),
      }));
    },

    /** Marks the period whose allowance was granted last. */
    async markAllowance(tenantId: string, customerId: string, periodStart: number): Promise<void> {
      await db.run('UPDATE customers SET allowance_start = ? WHERE tenant_id = ? AND id = ?', [
        periodStart,
        tenantId,
        customerId,
      ]);
    },

    /** Marks the day (`YYYY-MM-DD`) whose daily credit was granted or found claimed. */
    async markDailyCredit(tenantId: string, customerId: string, day: string): Promise<void> {
      await db.run('UPDATE customers SET daily_credit_day = ? WHERE tenant_id = ? AND id = ?', [
        day,
        tenantId,
        customerId,
      ]);
    },
  };
}

export type AllowanceQueries = ReturnType<typeof createAllowanceQueries>;
