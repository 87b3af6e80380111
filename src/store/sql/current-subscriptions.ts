/**
 * SQL for each customer's current plan subscription (migration 130): the one subscription
 * whose events change the customer's plan and allowance. At most one per customer.
 */
import { readInt, readIntOrNull, type SqlDriver } from '../driver.ts';

export interface CurrentSubscriptionRow {
  readonly tenantId: string;
  readonly customerId: string;
  readonly subscriptionId: string;
  /** Start of the subscription's first paid period: a later-started subscription supersedes it. */
  readonly startedAt: number;
  /** Allowance level granted for the current period; null when unknown (the plan's monthly credits). */
  readonly allowanceCredits: number | null;
  readonly updatedAt: number;
}

const COLUMNS = 'tenant_id, customer_id, subscription_id, started_at, allowance_credits, updated_at';

function toRow(r: Record<string, unknown>): CurrentSubscriptionRow {
  return {
    tenantId: String(r.tenant_id),
    customerId: String(r.customer_id),
    subscriptionId: String(r.subscription_id),
    startedAt: readInt(r.started_at, 'started_at'),
    allowanceCredits: readIntOrNull(r.allowance_credits, 'allowance_credits'),
    updatedAt: readInt(r.updated_at, 'updated_at'),
  };
}

/** Current-subscription queries bound to one connection or transaction. */
export function createCurrentSubscriptionQueries(db: SqlDriver) {
  return {
    async getCurrent(tenantId: string, customerId: string): Promise<CurrentSubscriptionRow | null> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM current_subscriptions WHERE tenant_id = ? AND customer_id = ?`,
        [tenantId, customerId],
      );
      return rows[0] === undefined ? null : toRow(rows[0]);
    },

    /** Makes a subscription the customer's current one (replacing the one before). */
    async setCurrent(row: CurrentSubscriptionRow): Promise<void> {
      await db.run(
        `INSERT INTO current_subscriptions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, customer_id) DO UPDATE SET subscription_id = excluded.subscription_id,
           started_at = excluded.started_at, allowance_credits = excluded.allowance_credits,
           updated_at = excluded.updated_at`,
        [
          row.tenantId,
          row.customerId,
          row.subscriptionId,
          row.startedAt,
          row.allowanceCredits,
          row.updatedAt,
        ],
      );
    },

    /** The customer has no current subscription any more (it ended). */
    async clearCurrent(tenantId: string, customerId: string, subscriptionId: string): Promise<void> {
      await db.run(
        'DELETE FROM current_subscriptions WHERE tenant_id = ? AND customer_id = ? AND subscription_id = ?',
        [tenantId, customerId, subscriptionId],
      );
    },
  };
}
