/**
 * SQL for publishing catalogs (issue 12.2): every stored version of a tenant's catalog, and how
 * many customers are on each plan (a new version may not drop a plan customers are on).
 */
import { readInt, type SqlDriver } from '../driver.ts';

/** A stored catalog version, without its text. */
export interface CatalogVersionRow {
  readonly version: string;
  readonly createdAt: number;
}

/** Catalog-version queries bound to one connection or transaction. */
export function createCatalogVersionQueries(db: SqlDriver) {
  return {
    /** Every stored version of the tenant's catalog, newest first. */
    async listVersions(tenantId: string): Promise<CatalogVersionRow[]> {
      const rows = await db.query(
        'SELECT version, created_at FROM catalogs WHERE tenant_id = ? ORDER BY created_at DESC, version',
        [tenantId],
      );
      return rows.map((r) => ({
        version: String(r.version),
        createdAt: readInt(r.created_at, 'created_at'),
      }));
    },

    /** Customers per plan id, for the tenant. */
    async countCustomersByPlan(tenantId: string): Promise<Map<string, number>> {
      const rows = await db.query(
        'SELECT plan_id, COUNT(*) AS n FROM customers WHERE tenant_id = ? GROUP BY plan_id',
        [tenantId],
      );
      return new Map(rows.map((r) => [String(r.plan_id), readInt(r.n, 'n')]));
    },
  };
}
