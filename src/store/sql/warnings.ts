/** SQL for fired warnings: unique per (customer, kind, threshold, period), so each fires once. */
import { readInt, type SqlDriver } from '../driver.ts';

export interface FiredWarningRow {
  readonly kind: string;
  readonly threshold: number;
  readonly period: string;
  readonly firedAt: number;
}

/** Warning queries bound to one connection or transaction. */
export function createWarningQueries(db: SqlDriver) {
  return {
    /** Records a warning as fired; false if it already fired in that period. */
    async fire(tenantId: string, customerId: string, w: FiredWarningRow): Promise<boolean> {
      const rows = await db.query(
        'INSERT INTO warnings_fired (tenant_id, customer_id, kind, threshold, period, fired_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING kind',
        [tenantId, customerId, w.kind, w.threshold, w.period, w.firedAt],
      );
      return rows.length === 1;
    },

    async listRecent(tenantId: string, customerId: string, limit: number): Promise<FiredWarningRow[]> {
      const rows = await db.query(
        'SELECT kind, threshold, period, fired_at FROM warnings_fired WHERE tenant_id = ? AND customer_id = ? ORDER BY fired_at DESC LIMIT ?',
        [tenantId, customerId, limit],
      );
      return rows.map((r) => ({
        kind: String(r.kind),
        threshold: readInt(r.threshold, 'threshold'),
        period: String(r.period),
        firedAt: readInt(r.fired_at, 'fired_at'),
      }));
    },
  };
}

export type WarningQueries = ReturnType<typeof createWarningQueries>;
