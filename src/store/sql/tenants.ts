/** SQL for tenants and their catalogs (every version kept, so holds price at their own). */
import { readInt, type SqlDriver } from '../driver.ts';
import type { CatalogRow, TenantRow } from '../types.ts';
import { ReadAhead } from './read-ahead.ts';

/** Tenant and catalog queries bound to one connection or transaction. */
export function createTenantQueries(db: SqlDriver, ahead: ReadAhead = new ReadAhead()) {
  const aheadKey = (id: string) => `tenant\u0000${id}`;
  async function read(id: string): Promise<TenantRow | null> {
    const rows = await db.query('SELECT id, name, catalog_version, created_at FROM tenants WHERE id = ?', [
      id,
    ]);
    const r = rows[0];
    if (r === undefined) return null;
    return {
      id: String(r.id),
      name: String(r.name),
      catalogVersion: String(r.catalog_version),
      createdAt: readInt(r.created_at, 'created_at'),
    };
  }
  return {
    async insert(t: TenantRow): Promise<boolean> {
      const rows = await db.query(
        'INSERT INTO tenants (id, name, catalog_version, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id',
        [t.id, t.name, t.catalogVersion, t.createdAt],
      );
      return rows.length === 1;
    },

    async get(id: string): Promise<TenantRow | null> {
      const found = ahead.take<TenantRow | null>(aheadKey(id));
      return found !== undefined ? found : read(id);
    },

    /** Reads a tenant ahead of need, for the next `get` of it (the store's scope lock). */
    async readAhead(id: string): Promise<void> {
      ahead.remember(aheadKey(id), await read(id));
    },

    async list(): Promise<TenantRow[]> {
      const rows = await db.query(
        'SELECT id, name, catalog_version, created_at FROM tenants ORDER BY created_at, id',
      );
      return rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        catalogVersion: String(r.catalog_version),
        createdAt: readInt(r.created_at, 'created_at'),
      }));
    },

    /** Makes `version` the tenant's current catalog. */
    async setCatalogVersion(id: string, version: string): Promise<void> {
      await db.run('UPDATE tenants SET catalog_version = ? WHERE id = ?', [version, id]);
    },

    /** Stores a catalog version (no-op if that version is already stored). */
    async insertCatalog(c: CatalogRow): Promise<void> {
      await db.run(
        'INSERT INTO catalogs (tenant_id, version, source, normalized, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [c.tenantId, c.version, c.source, c.normalized, c.createdAt],
      );
    },

    async getCatalog(tenantId: string, version: string): Promise<CatalogRow | null> {
      const rows = await db.query(
        'SELECT tenant_id, version, source, normalized, created_at FROM catalogs WHERE tenant_id = ? AND version = ?',
        [tenantId, version],
      );
      const r = rows[0];
      if (r === undefined) return null;
      return {
        tenantId: String(r.tenant_id),
        version: String(r.version),
        source: String(r.source),
        normalized: String(r.normalized),
        createdAt: readInt(r.created_at, 'created_at'),
      };
    },
  };
}

export type TenantQueries = ReturnType<typeof createTenantQueries>;
