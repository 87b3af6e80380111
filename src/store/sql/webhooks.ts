/**
 * SQL for outgoing webhooks: a tenant's endpoints, one delivery per (outbox event, endpoint),
 * and the attempt log. Claiming work is a conditional UPDATE that sets a lease (`lease_id`,
 * `lease_until`): only one process wins a due delivery, and recording its outcome checks the
 * lease, so a sender whose lease ran out (or whose delivery was replayed meanwhile) cannot
 * overwrite newer state. Delivery queue queries are in `webhook-deliveries.ts`.
 */
import { readInt, readIntOrNull, readJson, readTextOrNull, type SqlDriver } from '../driver.ts';
import { createWebhookDeliveryQueries } from './webhook-deliveries.ts';

export interface WebhookEndpointRow {
  readonly tenantId: string;
  readonly id: string;
  readonly url: string;
  /** `whsec_…`, in plain text: signing needs it. */
  readonly secret: string;
  readonly description: string | null;
  /** Subscribed event types; null = all. */
  readonly eventTypes: readonly string[] | null;
  readonly createdAt: number;
  readonly disabledAt: number | null;
}

const ENDPOINT_COLUMNS = 'tenant_id, id, url, secret, description, event_types, created_at, disabled_at';

function toEndpoint(r: Record<string, unknown>): WebhookEndpointRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    url: String(r.url),
    secret: String(r.secret),
    description: readTextOrNull(r.description),
    eventTypes: r.event_types === null ? null : readJson<string[]>(r.event_types, 'event_types'),
    createdAt: readInt(r.created_at, 'created_at'),
    disabledAt: readIntOrNull(r.disabled_at, 'disabled_at'),
  };
}

/** Webhook queries bound to one connection or transaction. */
export function createWebhookQueries(db: SqlDriver) {
  return {
    async insertEndpoint(e: WebhookEndpointRow): Promise<void> {
      await db.run(`INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        e.tenantId,
        e.id,
        e.url,
        e.secret,
        e.description,
        e.eventTypes === null ? null : JSON.stringify(e.eventTypes),
        e.createdAt,
        e.disabledAt,
      ]);
    },

    async getEndpoint(tenantId: string, id: string): Promise<WebhookEndpointRow | null> {
      const rows = await db.query(
        `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE tenant_id = ? AND id = ?`,
        [tenantId, id],
      );
      return rows[0] === undefined ? null : toEndpoint(rows[0]);
    },

    /** The tenant's endpoints not deleted, oldest first. */
    async listActiveEndpoints(tenantId: string): Promise<WebhookEndpointRow[]> {
      const rows = await db.query(
        `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE tenant_id = ? AND disabled_at IS NULL ORDER BY id`,
        [tenantId],
      );
      return rows.map(toEndpoint);
    },

    /**
     * Marks an endpoint deleted (keeps the first time) and cancels its pending deliveries;
     * false if the tenant has no such endpoint.
     */
    async disableEndpoint(tenantId: string, id: string, now: number): Promise<boolean> {
      const { changes } = await db.run(
        'UPDATE webhook_endpoints SET disabled_at = COALESCE(disabled_at, ?) WHERE tenant_id = ? AND id = ?',
        [now, tenantId, id],
      );
      if (changes === 0) return false;
      await db.run(
        `UPDATE webhook_deliveries SET status = 'canceled', lease_id = NULL, lease_until = NULL
         WHERE tenant_id = ? AND endpoint_id = ? AND status = 'pending'`,
        [tenantId, id],
      );
      return true;
    },

    ...createWebhookDeliveryQueries(db),
  };
}

export type WebhookQueries = ReturnType<typeof createWebhookQueries>;
