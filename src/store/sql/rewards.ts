/** SQL for reward claims: unique per (customer, kind, period key), which is what enforces limits. */
import { readInt, type SqlDriver } from '../driver.ts';

/** Reward claim queries bound to one connection or transaction. */
export function createRewardQueries(db: SqlDriver) {
  return {
    /** Records a claim; false if this customer already claimed this kind in this period. */
    async claim(
      tenantId: string,
      customerId: string,
      kind: string,
      periodKey: string,
      lotId: string,
      at: number,
    ) {
      const rows = await db.query(
        'INSERT INTO reward_claims (tenant_id, customer_id, kind, period_key, lot_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING kind',
        [tenantId, customerId, kind, periodKey, lotId, at],
      );
      return rows.length === 1;
    },

    async has(tenantId: string, customerId: string, kind: string, periodKey: string): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 AS one FROM reward_claims WHERE tenant_id = ? AND customer_id = ? AND kind = ? AND period_key = ?',
        [tenantId, customerId, kind, periodKey],
      );
      return rows.length > 0;
    },

    async list(
      tenantId: string,
      customerId: string,
    ): Promise<{ kind: string; periodKey: string; createdAt: number }[]> {
      const rows = await db.query(
        'SELECT kind, period_key, created_at FROM reward_claims WHERE tenant_id = ? AND customer_id = ? ORDER BY created_at',
        [tenantId, customerId],
      );
      return rows.map((r) => ({
        kind: String(r.kind),
        periodKey: String(r.period_key),
        createdAt: readInt(r.created_at, 'created_at'),
      }));
    },
  };
}

export type RewardQueries = ReturnType<typeof createRewardQueries>;
