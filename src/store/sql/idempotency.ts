/** SQL for idempotency keys: the first answer to a (tenant, key), kept at least 24 hours. */
import { readInt, type SqlDriver } from '../driver.ts';
import type { IdempotencyRow } from '../types.ts';
import { ReadAhead } from './read-ahead.ts';

function toRow(r: Record<string, unknown>): IdempotencyRow {
  return {
    tenantId: String(r.tenant_id),
    key: String(r.idem_key),
    operation: String(r.operation),
    requestHash: String(r.request_hash),
    request: r.request === null || r.request === undefined ? null : String(r.request),
    answer: String(r.answer),
    createdAt: readInt(r.created_at, 'created_at'),
    expiresAt: readInt(r.expires_at, 'expires_at'),
  };
}

/** Idempotency queries bound to one connection or transaction. */
export function createIdempotencyQueries(db: SqlDriver, ahead: ReadAhead = new ReadAhead()) {
  const aheadKey = (tenantId: string, key: string) => `idempotency\u0000${tenantId}\u0000${key}`;
  async function read(tenantId: string, key: string): Promise<IdempotencyRow | null> {
    const rows = await db.query(
      'SELECT tenant_id, idem_key, operation, request_hash, request, answer, created_at, expires_at FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?',
      [tenantId, key],
    );
    return rows[0] === undefined ? null : toRow(rows[0]);
  }
  return {
    async get(tenantId: string, key: string): Promise<IdempotencyRow | null> {
      const found = ahead.take<IdempotencyRow | null>(aheadKey(tenantId, key));
      return found !== undefined ? found : read(tenantId, key);
    },

    /** Reads a key's record ahead of need, for the next `get` of it (the store's scope lock). */
    async readAhead(tenantId: string, key: string): Promise<void> {
      ahead.remember(aheadKey(tenantId, key), await read(tenantId, key));
    },

    /** Records a first answer; false if the key is already taken. */
    async insert(row: IdempotencyRow): Promise<boolean> {
      const { changes } = await db.run(
        'INSERT INTO idempotency_keys (tenant_id, idem_key, operation, request_hash, request, answer, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [
          row.tenantId,
          row.key,
          row.operation,
          row.requestHash,
          row.request,
          row.answer,
          row.createdAt,
          row.expiresAt,
        ],
      );
      return changes === 1;
    },

    /** Forgets one key (an expired one about to be reused). */
    async deleteOne(tenantId: string, key: string): Promise<void> {
      await db.run('DELETE FROM idempotency_keys WHERE tenant_id = ? AND idem_key = ?', [tenantId, key]);
    },

    /** Forgets keys past their expiry; answers how many. */
    async deleteExpired(now: number): Promise<number> {
      const { changes } = await db.run('DELETE FROM idempotency_keys WHERE expires_at <= ?', [now]);
      return changes;
    },
  };
}

export type IdempotencyQueries = ReturnType<typeof createIdempotencyQueries>;
