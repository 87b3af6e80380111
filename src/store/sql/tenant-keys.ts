/**
 * SQL for managing tenant secret keys (list, revoke, count the live ones, find by id) and for
 * rotating the secret that signs a tenant's customer session tokens. Minting and the lookup by
 * hash on every request live with the other access queries (`access.ts`).
 */
import { readInt, readIntOrNull, readTextOrNull, type SqlDriver } from '../driver.ts';
import type { TenantKeyRow } from './access.ts';

const COLUMNS = 'tenant_id, id, key_hash, prefix, name, created_at, revoked_at';

function toTenantKey(r: Record<string, unknown>): TenantKeyRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    keyHash: String(r.key_hash),
    prefix: String(r.prefix),
    name: readTextOrNull(r.name),
    createdAt: readInt(r.created_at, 'created_at'),
    revokedAt: readIntOrNull(r.revoked_at, 'revoked_at'),
  };
}

/** Tenant key management queries bound to one connection or transaction. */
export function createTenantKeyQueries(db: SqlDriver) {
  return {
    /** Every key of a tenant, revoked ones too, oldest first. */
    async list(tenantId: string): Promise<TenantKeyRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM tenant_keys WHERE tenant_id = ? ORDER BY created_at, id`,
        [tenantId],
      );
      return rows.map(toTenantKey);
    },

    async get(tenantId: string, id: string): Promise<TenantKeyRow | null> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM tenant_keys WHERE tenant_id = ? AND id = ?`, [
        tenantId,
        id,
      ]);
      return rows[0] === undefined ? null : toTenantKey(rows[0]);
    },

    /** The tenant a key id belongs to (ids are unique across tenants), for the CLI. */
    async findTenantOf(id: string): Promise<string | null> {
      const rows = await db.query('SELECT tenant_id FROM tenant_keys WHERE id = ?', [id]);
      return rows[0] === undefined ? null : String(rows[0].tenant_id);
    },

    async countLive(tenantId: string): Promise<number> {
      const rows = await db.query(
        'SELECT COUNT(*) AS n FROM tenant_keys WHERE tenant_id = ? AND revoked_at IS NULL',
        [tenantId],
      );
      return readInt(rows[0]?.n, 'n');
    },

    /** Marks a key revoked, keeping the first revocation time. */
    async revoke(tenantId: string, id: string, now: number): Promise<void> {
      await db.run(
        'UPDATE tenant_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE tenant_id = ? AND id = ?',
        [now, tenantId, id],
      );
    },

    /** Replaces (or sets) the tenant's session-signing secret: tokens signed with the old one stop verifying. */
    async rotateSessionSecret(tenantId: string, secret: string, now: number): Promise<void> {
      await db.run(
        'INSERT INTO tenant_session_secrets (tenant_id, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at',
        [tenantId, secret, now],
      );
    },
  };
}
