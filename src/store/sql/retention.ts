/**
 * SQL for the retention pass (issue 11, item 9): each function deletes at most `limit` of the
 * oldest rows past a cutoff and answers how many went. Every DELETE repeats the condition that
 * made a row prunable, so a row that changed since it was picked (a delivery replayed, a key
 * reused) stays. The journal, lots, charges and usage events have no function here: they are
 * never pruned.
 */
import type { SqlDriver } from '../driver.ts';

type Picked = { tenant_id: unknown; id: unknown };

/** Groups picked rows by tenant so each DELETE names one tenant and a list of ids. */
function byTenant(rows: readonly Picked[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const tenant = String(r.tenant_id);
    groups.set(tenant, [...(groups.get(tenant) ?? []), String(r.id)]);
  }
  return groups;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Retention queries bound to one transaction. */
export function createRetentionQueries(db: SqlDriver) {
  return {
    /**
     * Finished (delivered, failed, canceled) deliveries created before `cutoff`, with their
     * attempts; answers deliveries and attempts deleted.
     */
    async pruneDeliveries(cutoff: number, limit: number): Promise<{ deliveries: number; attempts: number }> {
      const picked = await db.query<Picked>(
        "SELECT tenant_id, id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ? ORDER BY created_at LIMIT ?",
        [cutoff, limit],
      );
      let deliveries = 0;
      let attempts = 0;
      for (const [tenantId, ids] of byTenant(picked)) {
        const gone = await db.query<{ id: unknown }>(
          `DELETE FROM webhook_deliveries WHERE tenant_id = ? AND id IN (${marks(ids.length)}) AND status <> 'pending' RETURNING id`,
          [tenantId, ...ids],
        );
        deliveries += gone.length;
        if (gone.length === 0) continue;
        const goneIds = gone.map((r) => String(r.id));
        const { changes } = await db.run(
          `DELETE FROM webhook_attempts WHERE tenant_id = ? AND delivery_id IN (${marks(goneIds.length)})`,
          [tenantId, ...goneIds],
        );
        attempts += changes;
      }
      return { deliveries, attempts };
    },

    /** Fanned-out outbox rows created before `cutoff` that no delivery still refers to. */
    async pruneOutbox(cutoff: number, limit: number): Promise<number> {
      const orphan =
        'NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.tenant_id = outbox.tenant_id AND d.event_id = outbox.id)';
      const picked = await db.query<Picked>(
        `SELECT tenant_id, id FROM outbox WHERE delivered_at IS NOT NULL AND created_at < ? AND ${orphan} ORDER BY created_at LIMIT ?`,
        [cutoff, limit],
      );
      let deleted = 0;
      for (const [tenantId, ids] of byTenant(picked)) {
        const { changes } = await db.run(
          `DELETE FROM outbox WHERE tenant_id = ? AND id IN (${marks(ids.length)}) AND delivered_at IS NOT NULL AND ${orphan}`,
          [tenantId, ...ids],
        );
        deleted += changes;
      }
      return deleted;
    },

    /**
     * Holds that ended (committed, voided, expired) before `cutoff`; a child of an active parent
     * is kept until the parent ends (its budget figures count the child's charges).
     */
    async pruneHolds(cutoff: number, limit: number): Promise<number> {
      const picked = await db.query<Picked>(
        "SELECT tenant_id, id FROM holds WHERE status <> 'active' AND ended_at < ? AND NOT EXISTS (SELECT 1 FROM holds p WHERE p.tenant_id = holds.tenant_id AND p.id = holds.parent_hold_id AND p.status = 'active') ORDER BY ended_at LIMIT ?",
        [cutoff, limit],
      );
      let deleted = 0;
      for (const [tenantId, ids] of byTenant(picked)) {
        const { changes } = await db.run(
          `DELETE FROM holds WHERE tenant_id = ? AND id IN (${marks(ids.length)}) AND status <> 'active'`,
          [tenantId, ...ids],
        );
        deleted += changes;
      }
      return deleted;
    },

    /** Idempotency keys recorded before `cutoff` and no longer honoured at `now`. */
    async pruneIdempotencyKeys(cutoff: number, now: number, limit: number): Promise<number> {
      const picked = await db.query<Picked>(
        'SELECT tenant_id, idem_key AS id FROM idempotency_keys WHERE created_at < ? AND expires_at <= ? ORDER BY created_at LIMIT ?',
        [cutoff, now, limit],
      );
      let deleted = 0;
      for (const [tenantId, keys] of byTenant(picked)) {
        const { changes } = await db.run(
          `DELETE FROM idempotency_keys WHERE tenant_id = ? AND idem_key IN (${marks(keys.length)}) AND created_at < ? AND expires_at <= ?`,
          [tenantId, ...keys, cutoff, now],
        );
        deleted += changes;
      }
      return deleted;
    },
  };
}

export type RetentionQueries = ReturnType<typeof createRetentionQueries>;
