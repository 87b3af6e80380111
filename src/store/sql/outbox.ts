/**
 * SQL for the outbox: events for the tenant's webhooks, written in the same transaction as
 * the change they announce. The webhook dispatcher fans each due row out into one delivery per
 * subscribed endpoint (`src/store/sql/webhooks.ts`) and marks the row done (`delivered_at`)
 * with `markFannedOut`, in one transaction.
 */
import { readInt, readIntOrNull, readJson, type SqlDriver } from '../driver.ts';
import type { OutboxRow } from '../types.ts';

const COLUMNS = 'id, tenant_id, type, payload, created_at, attempts, next_attempt_at, delivered_at';

function toOutbox(r: Record<string, unknown>): OutboxRow {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    type: String(r.type),
    payload: readJson<Record<string, unknown>>(r.payload, 'payload'),
    createdAt: readInt(r.created_at, 'created_at'),
    attempts: readInt(r.attempts, 'attempts'),
    nextAttemptAt: readInt(r.next_attempt_at, 'next_attempt_at'),
    deliveredAt: readIntOrNull(r.delivered_at, 'delivered_at'),
  };
}

/** Outbox queries bound to one connection or transaction. */
export function createOutboxQueries(db: SqlDriver) {
  return {
    async insert(row: Pick<OutboxRow, 'id' | 'tenantId' | 'type' | 'payload' | 'createdAt'>): Promise<void> {
      await db.run(`INSERT INTO outbox (${COLUMNS}) VALUES (?, ?, ?, ?, ?, 0, ?, NULL)`, [
        row.id,
        row.tenantId,
        row.type,
        JSON.stringify(row.payload),
        row.createdAt,
        row.createdAt,
      ]);
    },

    /** Undelivered events due at `now`, oldest first. */
    async listDue(now: number, limit: number): Promise<OutboxRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
        [now, limit],
      );
      return rows.map(toOutbox);
    },

    /** A tenant's events, newest first (tests and the delivery log). */
    async listForTenant(tenantId: string, limit: number): Promise<OutboxRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM outbox WHERE tenant_id = ? ORDER BY id DESC LIMIT ?`,
        [tenantId, limit],
      );
      return rows.map(toOutbox);
    },

    /** One event of a tenant, or null. */
    async get(tenantId: string, id: string): Promise<OutboxRow | null> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM outbox WHERE tenant_id = ? AND id = ?`, [
        tenantId,
        id,
      ]);
      return rows[0] === undefined ? null : toOutbox(rows[0]);
    },

    /**
     * Marks an event handed to the delivery queue, if nobody did yet: a conditional UPDATE, so
     * of two dispatchers racing for the row exactly one fans it out.
     */
    async markFannedOut(tenantId: string, id: string, at: number): Promise<boolean> {
      const { changes } = await db.run(
        'UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE tenant_id = ? AND id = ? AND delivered_at IS NULL',
        [at, tenantId, id],
      );
      return changes > 0;
    },

    async markDelivered(tenantId: string, id: string, at: number): Promise<void> {
      await db.run(
        'UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE tenant_id = ? AND id = ?',
        [at, tenantId, id],
      );
    },

    async markFailed(tenantId: string, id: string, nextAttemptAt: number): Promise<void> {
      await db.run(
        'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE tenant_id = ? AND id = ?',
        [nextAttemptAt, tenantId, id],
      );
    },
  };
}

export type OutboxQueries = ReturnType<typeof createOutboxQueries>;
