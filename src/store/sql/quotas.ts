/** SQL for quota state: one token bucket and monthly count per customer and limit key. */
import { readInt, type SqlDriver } from '../driver.ts';
import type { QuotaStateRow } from '../types.ts';

/** Quota queries bound to one connection or transaction. */
export function createQuotaQueries(db: SqlDriver) {
  return {
    async list(tenantId: string, customerId: string): Promise<QuotaStateRow[]> {
      const rows = await db.query(
        'SELECT quota_key, level, level_at, month, month_used FROM quota_state WHERE tenant_id = ? AND customer_id = ?',
        [tenantId, customerId],
      );
      return rows.map((r) => ({
        key: String(r.quota_key),
        level: readInt(r.level, 'level'),
        levelAt: readInt(r.level_at, 'level_at'),
        month: String(r.month),
        monthUsed: readInt(r.month_used, 'month_used'),
      }));
    },

    async save(tenantId: string, customerId: string, s: QuotaStateRow): Promise<void> {
      await db.run(
        `INSERT INTO quota_state (tenant_id, customer_id, quota_key, level, level_at, month, month_used) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, customer_id, quota_key) DO UPDATE SET level = excluded.level, level_at = excluded.level_at, month = excluded.month, month_used = excluded.month_used`,
        [tenantId, customerId, s.key, s.level, s.levelAt, s.month, s.monthUsed],
      );
    },
  };
}

export type QuotaQueries = ReturnType<typeof createQuotaQueries>;
