/**
 * SQL for access: tenant secret keys (SHA-256 hashes only), the per-tenant secret that signs
 * customer session tokens, customer API keys (hashes only) and their per-minute request
 * windows. Every lookup by hash answers the tenant the key belongs to, so the HTTP layer
 * scopes everything by it.
 */
import { readInt, readIntOrNull, readTextOrNull, type SqlDriver } from '../driver.ts';

export interface TenantKeyRow {
  readonly tenantId: string;
  readonly id: string;
  /** SHA-256 hex of the whole key. */
  readonly keyHash: string;
  /** The first characters of the key, shown in lists so an operator can tell keys apart. */
  readonly prefix: string;
  /** What the operator called it (migration 120); null when unnamed. */
  readonly name?: string | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export interface ApiKeyRow {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  readonly keyHash: string;
  readonly prefix: string;
  readonly name: string | null;
  /** Credits the customer may spend per calendar month while using this key; null = no cap. */
  readonly monthlyCreditCap: number | null;
  /** Requests per minute; null = the plan's figure. */
  readonly requestsPerMinute: number | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** A tenant's Stripe keys (same fields as payments' `TenantStripeKeys`). */
export interface StripeKeysRow {
  readonly stripeSecretKey: string | null;
  readonly stripeWebhookSecret: string | null;
  readonly localWebhookSecret: string;
}

function toApiKey(r: Record<string, unknown>): ApiKeyRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    customerId: String(r.customer_id),
    keyHash: String(r.key_hash),
    prefix: String(r.prefix),
    name: readTextOrNull(r.name),
    monthlyCreditCap: readIntOrNull(r.monthly_credit_cap, 'monthly_credit_cap'),
    requestsPerMinute: readIntOrNull(r.requests_per_minute, 'requests_per_minute'),
    createdAt: readInt(r.created_at, 'created_at'),
    revokedAt: readIntOrNull(r.revoked_at, 'revoked_at'),
  };
}

const API_KEY_COLUMNS =
  'tenant_id, id, customer_id, key_hash, prefix, name, monthly_credit_cap, requests_per_minute, created_at, revoked_at';

/** Access queries bound to one connection or transaction. */
export function createAccessQueries(db: SqlDriver) {
  return {
    async insertTenantKey(k: TenantKeyRow): Promise<void> {
      await db.run(
        'INSERT INTO tenant_keys (tenant_id, id, key_hash, prefix, name, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [k.tenantId, k.id, k.keyHash, k.prefix, k.name ?? null, k.createdAt, k.revokedAt],
      );
    },

    /** The live tenant key with this hash, if any. */
    async findTenantKey(keyHash: string): Promise<TenantKeyRow | null> {
      const rows = await db.query(
        'SELECT tenant_id, id, key_hash, prefix, created_at, revoked_at FROM tenant_keys WHERE key_hash = ? AND revoked_at IS NULL',
        [keyHash],
      );
      const r = rows[0];
      if (r === undefined) return null;
      return {
        tenantId: String(r.tenant_id),
        id: String(r.id),
        keyHash: String(r.key_hash),
        prefix: String(r.prefix),
        createdAt: readInt(r.created_at, 'created_at'),
        revokedAt: null,
      };
    },

    /** Stores the tenant's session-signing secret unless one exists; answers the one in force. */
    async ensureSessionSecret(tenantId: string, secret: string, now: number): Promise<string> {
      await db.run(
        'INSERT INTO tenant_session_secrets (tenant_id, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        [tenantId, secret, now],
      );
      const rows = await db.query('SELECT secret FROM tenant_session_secrets WHERE tenant_id = ?', [
        tenantId,
      ]);
      return String(rows[0]?.secret);
    },

    async getSessionSecret(tenantId: string): Promise<string | null> {
      const rows = await db.query('SELECT secret FROM tenant_session_secrets WHERE tenant_id = ?', [
        tenantId,
      ]);
      return rows[0] === undefined ? null : String(rows[0].secret);
    },

    async insertApiKey(k: ApiKeyRow): Promise<void> {
      await db.run(`INSERT INTO api_keys (${API_KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        k.tenantId,
        k.id,
        k.customerId,
        k.keyHash,
        k.prefix,
        k.name,
        k.monthlyCreditCap,
        k.requestsPerMinute,
        k.createdAt,
        k.revokedAt,
      ]);
    },

    /** A customer API key of this tenant by hash (revoked ones too, so verify can say so). */
    async findApiKeyByHash(tenantId: string, keyHash: string): Promise<ApiKeyRow | null> {
      const rows = await db.query(
        `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? AND key_hash = ?`,
        [tenantId, keyHash],
      );
      return rows[0] === undefined ? null : toApiKey(rows[0]);
    },

    /**
     * The customer API key with this hash in any tenant (revoked ones too), so a request made with
     * one is scoped to the tenant it belongs to (unique index of migration 200).
     */
    async findApiKeyByHashAnyTenant(keyHash: string): Promise<ApiKeyRow | null> {
      const rows = await db.query(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_hash = ?`, [keyHash]);
      return rows[0] === undefined ? null : toApiKey(rows[0]);
    },

    /** A customer's API keys, newest first (revoked ones too). */
    async listApiKeys(tenantId: string, customerId: string): Promise<ApiKeyRow[]> {
      const rows = await db.query(
        `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? AND customer_id = ? ORDER BY created_at DESC, id DESC LIMIT 200`,
        [tenantId, customerId],
      );
      return rows.map(toApiKey);
    },

    async getApiKey(tenantId: string, id: string): Promise<ApiKeyRow | null> {
      const rows = await db.query(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? AND id = ?`, [
        tenantId,
        id,
      ]);
      return rows[0] === undefined ? null : toApiKey(rows[0]);
    },

    /** Marks a key revoked (keeps the first revocation time); false if the tenant has no such key. */
    async revokeApiKey(tenantId: string, id: string, now: number): Promise<boolean> {
      const { changes } = await db.run(
        'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE tenant_id = ? AND id = ?',
        [now, tenantId, id],
      );
      return changes === 1;
    },

    /**
     * Admits one request of a key if fewer than `limit` were admitted in the `windowMs` before
     * `now` (a sliding window), recording it as `id`. Concurrent requests of one key serialize on
     * the key's `api_key_windows` row, taken first. Answers whether it was admitted, the count in
     * the window after it, and when the oldest request in the window leaves it.
     */
    async admitRequest(
      tenantId: string,
      keyId: string,
      input: { id: string; now: number; limit: number; windowMs: number },
    ): Promise<{ admitted: boolean; count: number; oldestAt: number }> {
      await db.run(
        `INSERT INTO api_key_windows (tenant_id, key_id, window_start, requests) VALUES (?, ?, ?, 0)
         ON CONFLICT (tenant_id, key_id) DO UPDATE SET window_start = excluded.window_start`,
        [tenantId, keyId, input.now],
      );
      await db.run('DELETE FROM api_key_requests WHERE tenant_id = ? AND key_id = ? AND at <= ?', [
        tenantId,
        keyId,
        input.now - input.windowMs,
      ]);
      const [row] = await db.query(
        'SELECT COUNT(*) AS n, MIN(at) AS oldest FROM api_key_requests WHERE tenant_id = ? AND key_id = ?',
        [tenantId, keyId],
      );
      const count = readInt(row?.n, 'n');
      const oldestAt = count === 0 ? input.now : readInt(row?.oldest, 'oldest');
      if (count >= input.limit) return { admitted: false, count, oldestAt };
      await db.run('INSERT INTO api_key_requests (tenant_id, key_id, id, at) VALUES (?, ?, ?, ?)', [
        tenantId,
        keyId,
        input.id,
        input.now,
      ]);
      await db.run('UPDATE api_key_windows SET requests = ? WHERE tenant_id = ? AND key_id = ?', [
        count + 1,
        tenantId,
        keyId,
      ]);
      return { admitted: true, count: count + 1, oldestAt: Math.min(oldestAt, input.now) };
    },

    /** Sets a tenant's Stripe keys (null = the environment's default) and offline signing secret. */
    async saveStripeKeys(tenantId: string, keys: StripeKeysRow, now: number): Promise<void> {
      await db.run(
        `INSERT INTO tenant_stripe_keys (tenant_id, stripe_secret_key, stripe_webhook_secret, local_webhook_secret, updated_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET stripe_secret_key = excluded.stripe_secret_key,
         stripe_webhook_secret = excluded.stripe_webhook_secret, local_webhook_secret = excluded.local_webhook_secret,
         updated_at = excluded.updated_at`,
        [tenantId, keys.stripeSecretKey, keys.stripeWebhookSecret, keys.localWebhookSecret, now],
      );
    },

    async getStripeKeys(tenantId: string): Promise<StripeKeysRow | null> {
      const rows = await db.query(
        'SELECT stripe_secret_key, stripe_webhook_secret, local_webhook_secret FROM tenant_stripe_keys WHERE tenant_id = ?',
        [tenantId],
      );
      const r = rows[0];
      if (r === undefined) return null;
      return {
        stripeSecretKey: readTextOrNull(r.stripe_secret_key),
        stripeWebhookSecret: readTextOrNull(r.stripe_webhook_secret),
        localWebhookSecret: String(r.local_webhook_secret),
      };
    },

    /** Credits charged to a customer since `from` (usage events; refunds are not netted). */
    async sumCustomerCredits(tenantId: string, customerId: string, from: number): Promise<number> {
      const rows = await db.query(
        'SELECT COALESCE(SUM(credits), 0) AS total FROM usage_events WHERE tenant_id = ? AND customer_id = ? AND created_at >= ?',
        [tenantId, customerId, from],
      );
      return readInt(rows[0]?.total ?? 0, 'total');
    },
  };
}

export type AccessQueries = ReturnType<typeof createAccessQueries>;
