/**
 * SQL for the webhook delivery queue and its attempt log (part of `tx.webhooks`). A delivery is
 * `pending` (due at `next_attempt_at`), `delivered`, `failed` (retries used up) or `canceled`
 * (its endpoint was deleted). `claimDelivery` is the conditional UPDATE that leases one due
 * delivery to one sender; `finishAttempt` only lands while that lease is still the sender's.
 */
import { formatPlaceholders, readInt, readIntOrNull, readTextOrNull, type SqlDriver } from '../driver.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'canceled';

export interface WebhookDeliveryRow {
  readonly tenantId: string;
  readonly id: string;
  /** The outbox row's id. */
  readonly eventId: string;
  readonly endpointId: string;
  readonly status: DeliveryStatus;
  /** Every attempt so far (numbers the log). */
  readonly attempts: number;
  /** Attempts since queued or last replayed (drives the backoff). */
  readonly roundAttempts: number;
  readonly nextAttemptAt: number;
  readonly leaseId: string | null;
  readonly leaseUntil: number | null;
  readonly deliveredAt: number | null;
  readonly createdAt: number;
}

/** A delivery with its event's type, for the delivery log. */
export interface WebhookDeliveryListRow extends WebhookDeliveryRow {
  readonly eventType: string;
}

export interface WebhookAttemptRow {
  readonly tenantId: string;
  readonly id: string;
  readonly deliveryId: string;
  /** 1-based, over the delivery's whole life (replays continue the count). */
  readonly attempt: number;
  readonly attemptedAt: number;
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  readonly responseSnippet: string | null;
  readonly outcome: 'delivered' | 'retry' | 'gave_up';
}

const COLUMNS =
  'tenant_id, id, event_id, endpoint_id, status, attempts, round_attempts, next_attempt_at, lease_id, lease_until, delivered_at, created_at';
const D_COLUMNS = COLUMNS.split(', ')
  .map((c) => `d.${c}`)
  .join(', ');
const ATTEMPT_COLUMNS =
  'tenant_id, id, delivery_id, attempt, attempted_at, status_code, duration_ms, error, response_snippet, outcome';

function toDelivery(r: Record<string, unknown>): WebhookDeliveryRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    eventId: String(r.event_id),
    endpointId: String(r.endpoint_id),
    status: String(r.status) as DeliveryStatus,
    attempts: readInt(r.attempts, 'attempts'),
    roundAttempts: readInt(r.round_attempts, 'round_attempts'),
    nextAttemptAt: readInt(r.next_attempt_at, 'next_attempt_at'),
    leaseId: readTextOrNull(r.lease_id),
    leaseUntil: readIntOrNull(r.lease_until, 'lease_until'),
    deliveredAt: readIntOrNull(r.delivered_at, 'delivered_at'),
    createdAt: readInt(r.created_at, 'created_at'),
  };
}

function toAttempt(r: Record<string, unknown>): WebhookAttemptRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    deliveryId: String(r.delivery_id),
    attempt: readInt(r.attempt, 'attempt'),
    attemptedAt: readInt(r.attempted_at, 'attempted_at'),
    statusCode: readIntOrNull(r.status_code, 'status_code'),
    durationMs: readInt(r.duration_ms, 'duration_ms'),
    error: readTextOrNull(r.error),
    responseSnippet: readTextOrNull(r.response_snippet),
    outcome: String(r.outcome) as WebhookAttemptRow['outcome'],
  };
}

/** Filters of the delivery log; `cursor` is the last id of the previous page (newest first). */
export interface DeliveryFilter {
  readonly endpointId?: string | null;
  readonly eventId?: string | null;
  readonly cursor?: string | null;
  readonly limit: number;
}

/** Delivery queue and log queries bound to one connection or transaction. */
export function createWebhookDeliveryQueries(db: SqlDriver) {
  return {
    /** Adds a pending delivery unless the (event, endpoint) pair has one; answers whether it did. */
    async insertDelivery(
      d: Pick<WebhookDeliveryRow, 'tenantId' | 'id' | 'eventId' | 'endpointId' | 'createdAt'>,
    ): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO webhook_deliveries (${COLUMNS}) VALUES (?, ?, ?, ?, 'pending', 0, 0, ?, NULL, NULL, NULL, ?)
         ON CONFLICT DO NOTHING RETURNING id`,
        [d.tenantId, d.id, d.eventId, d.endpointId, d.createdAt, d.createdAt],
      );
      return rows.length > 0;
    },

    async getDelivery(tenantId: string, id: string): Promise<WebhookDeliveryRow | null> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM webhook_deliveries WHERE tenant_id = ? AND id = ?`,
        [tenantId, id],
      );
      return rows[0] === undefined ? null : toDelivery(rows[0]);
    },

    async listDeliveriesForEvent(tenantId: string, eventId: string): Promise<WebhookDeliveryRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM webhook_deliveries WHERE tenant_id = ? AND event_id = ? ORDER BY id`,
        [tenantId, eventId],
      );
      return rows.map(toDelivery);
    },

    /** The tenant's deliveries, newest first, with their event's type. */
    async listDeliveries(tenantId: string, filter: DeliveryFilter): Promise<WebhookDeliveryListRow[]> {
      const where = ['d.tenant_id = ?'];
      const params: (string | number)[] = [tenantId];
      const add = (clause: string, value: string | null | undefined) => {
        if (value == null) return;
        where.push(clause);
        params.push(value);
      };
      add('d.endpoint_id = ?', filter.endpointId);
      add('d.event_id = ?', filter.eventId);
      add('d.id < ?', filter.cursor);
      const rows = await db.query(
        `SELECT ${D_COLUMNS}, o.type AS event_type FROM webhook_deliveries d JOIN outbox o ON o.id = d.event_id
         WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT ?`,
        [...params, filter.limit],
      );
      return rows.map((r) => ({ ...toDelivery(r), eventType: String(r.event_type) }));
    },

    /** Keys of pending deliveries due at `now` and not leased, soonest first (locked rows skipped on PostgreSQL). */
    async listDueDeliveries(now: number, limit: number): Promise<{ tenantId: string; id: string }[]> {
      const skipLocked = db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      const rows = await db.query(
        `SELECT tenant_id, id FROM webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY next_attempt_at, id LIMIT ?${skipLocked}`,
        [now, now, limit],
      );
      return rows.map((r) => ({ tenantId: String(r.tenant_id), id: String(r.id) }));
    },

    /**
     * Leases one due delivery to one sender: the UPDATE re-checks that it is still pending, due
     * and not leased, so of two processes racing for it exactly one gets the row back.
     */
    async claimDelivery(
      tenantId: string,
      id: string,
      lease: { id: string; now: number; until: number },
    ): Promise<WebhookDeliveryRow | null> {
      const rows = await db.query(
        `UPDATE webhook_deliveries SET lease_id = ?, lease_until = ?
         WHERE tenant_id = ? AND id = ? AND status = 'pending' AND next_attempt_at <= ?
           AND (lease_until IS NULL OR lease_until <= ?)
         RETURNING ${COLUMNS}`,
        [lease.id, lease.until, tenantId, id, lease.now, lease.now],
      );
      return rows[0] === undefined ? null : toDelivery(rows[0]);
    },

    /** Records an attempt's effect on the delivery, if the sender still holds the lease. */
    async finishAttempt(
      tenantId: string,
      id: string,
      leaseId: string,
      next: { status: DeliveryStatus; nextAttemptAt: number; deliveredAt: number | null },
    ): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, round_attempts = round_attempts + 1, status = ?,
           next_attempt_at = ?, delivered_at = COALESCE(?, delivered_at), lease_id = NULL, lease_until = NULL
         WHERE tenant_id = ? AND id = ? AND lease_id = ?`,
        [next.status, next.nextAttemptAt, next.deliveredAt, tenantId, id, leaseId],
      );
      return changes > 0;
    },

    /** Queues a delivery again now with a fresh retry round; drops any lease (the sender's outcome then does not land). */
    async requeueDelivery(tenantId: string, id: string, now: number): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = ?,
           lease_id = NULL, lease_until = NULL WHERE tenant_id = ? AND id = ?`,
        [now, tenantId, id],
      );
      return changes > 0;
    },

    async insertAttempt(a: WebhookAttemptRow): Promise<void> {
      await db.run(
        `INSERT INTO webhook_attempts (${ATTEMPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          a.tenantId,
          a.id,
          a.deliveryId,
          a.attempt,
          a.attemptedAt,
          a.statusCode,
          a.durationMs,
          a.error,
          a.responseSnippet,
          a.outcome,
        ],
      );
    },

    /** The attempts of some deliveries, oldest first. */
    async listAttempts(tenantId: string, deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
      if (deliveryIds.length === 0) return [];
      const rows = await db.query(
        `SELECT ${ATTEMPT_COLUMNS} FROM webhook_attempts
         WHERE tenant_id = ? AND delivery_id IN (${formatPlaceholders(deliveryIds.length)}) ORDER BY attempt, id`,
        [tenantId, ...deliveryIds],
      );
      return rows.map(toAttempt);
    },
  };
}
