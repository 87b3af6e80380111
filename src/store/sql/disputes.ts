/**
 * SQL for Stripe disputes (issue 17 item 4): the credits a dispute holds back, from which
 * lots, and how it ended. Written only inside the payment port's write, under the lock of the
 * payment's `payment_refs` row.
 */
import type { Allocation } from '../../domain/lots.ts';
import { readInt, readIntOrNull, type SqlDriver } from '../driver.ts';

export type DisputeStatus = 'open' | 'won' | 'lost';

export interface DisputeRow {
  readonly tenantId: string;
  readonly disputeId: string;
  readonly paymentRef: string;
  readonly customerId: string;
  /** Credits moved from the purchase's lots to the `disputed` account when the dispute opened. */
  readonly held: number;
  readonly allocations: readonly Allocation[];
  readonly status: DisputeStatus;
  readonly createdAt: number;
  readonly closedAt: number | null;
}

const COLUMNS =
  'tenant_id, dispute_id, payment_ref, customer_id, held, allocations, status, created_at, closed_at';

function toDispute(r: Record<string, unknown>): DisputeRow {
  return {
    tenantId: String(r.tenant_id),
    disputeId: String(r.dispute_id),
    paymentRef: String(r.payment_ref),
    customerId: String(r.customer_id),
    held: readInt(r.held, 'held'),
    allocations: JSON.parse(String(r.allocations)) as Allocation[],
    status: String(r.status) as DisputeStatus,
    createdAt: readInt(r.created_at, 'created_at'),
    closedAt: readIntOrNull(r.closed_at, 'closed_at'),
  };
}

/** Dispute queries bound to one connection or transaction. */
export function createDisputeQueries(db: SqlDriver) {
  return {
    async get(tenantId: string, disputeId: string): Promise<DisputeRow | null> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM payment_disputes WHERE tenant_id = ? AND dispute_id = ?`,
        [tenantId, disputeId],
      );
      return rows[0] === undefined ? null : toDispute(rows[0]);
    },

    async insert(d: DisputeRow): Promise<void> {
      await db.run(`INSERT INTO payment_disputes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        d.tenantId,
        d.disputeId,
        d.paymentRef,
        d.customerId,
        d.held,
        JSON.stringify(d.allocations),
        d.status,
        d.createdAt,
        d.closedAt,
      ]);
    },

    /** Closes an open dispute; false if it was not open. */
    async close(tenantId: string, disputeId: string, status: 'won' | 'lost', at: number): Promise<boolean> {
      const { changes } = await db.run(
        "UPDATE payment_disputes SET status = ?, closed_at = ? WHERE tenant_id = ? AND dispute_id = ? AND status = 'open'",
        [status, at, tenantId, disputeId],
      );
      return changes === 1;
    },

    /** How many of the customer's disputes are open or were lost (reasons to keep the flag). */
    async countUnsettled(tenantId: string, customerId: string): Promise<number> {
      const rows = await db.query(
        "SELECT COUNT(*) AS n FROM payment_disputes WHERE tenant_id = ? AND customer_id = ? AND status IN ('open', 'lost')",
        [tenantId, customerId],
      );
      return rows[0] === undefined ? 0 : readInt(rows[0].n, 'n');
    },

    /** Credits the customer's open disputes hold back. */
    async sumHeld(tenantId: string, customerId: string): Promise<number> {
      const rows = await db.query(
        "SELECT COALESCE(SUM(held), 0) AS n FROM payment_disputes WHERE tenant_id = ? AND customer_id = ? AND status = 'open'",
        [tenantId, customerId],
      );
      return rows[0] === undefined ? 0 : readInt(rows[0].n, 'n');
    },
  };
}
