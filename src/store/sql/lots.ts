/** SQL for lots: one grant of credits, spent in consumption order, never deleted. */
import { credits, micros } from '../../domain/credits.ts';
import type { StoredLotSource } from '../../domain/journal.ts';
import { readInt, readIntOrNull, readTextOrNull, type SqlDriver } from '../driver.ts';
import type { LotRow } from '../types.ts';

const COLUMNS =
  'tenant_id, id, customer_id, source, amount, remaining, priority, expires_at, cost_basis_micros, reason, ref, created_at';

function toLot(r: Record<string, unknown>): LotRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    customerId: String(r.customer_id),
    source: String(r.source) as StoredLotSource,
    amount: credits(readInt(r.amount, 'amount')),
    remaining: credits(readInt(r.remaining, 'remaining')),
    priority: readInt(r.priority, 'priority'),
    expiresAt: readIntOrNull(r.expires_at, 'expires_at'),
    costBasisMicros: micros(readInt(r.cost_basis_micros, 'cost_basis_micros')),
    reason: readTextOrNull(r.reason),
    ref: readTextOrNull(r.ref),
    createdAt: readInt(r.created_at, 'created_at'),
  };
}

/** Consumption order in SQL, the same expression as the `lots_consumption` index. */
const CONSUMPTION_ORDER = `priority, COALESCE(expires_at, ${Number.MAX_SAFE_INTEGER}), created_at, id`;

/** Lot queries bound to one connection or transaction. */
export function createLotQueries(db: SqlDriver) {
  return {
    async insert(l: LotRow): Promise<void> {
      await db.run(`INSERT INTO lots (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        l.tenantId,
        l.id,
        l.customerId,
        l.source,
        l.amount,
        l.remaining,
        l.priority,
        l.expiresAt,
        l.costBasisMicros,
        l.reason,
        l.ref,
        l.createdAt,
      ]);
    },

    /** A customer's lots that still count: remaining other than zero (overdraft lots are negative). */
    async listOpen(tenantId: string, customerId: string): Promise<LotRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM lots WHERE tenant_id = ? AND customer_id = ? AND remaining <> 0 ORDER BY created_at, id`,
        [tenantId, customerId],
      );
      return rows.map(toLot);
    },

    /**
     * The first `limit` open lots in consumption order (priority, soonest expiry with
     * never-expiring last, oldest, id), read through the `lots_consumption` index, so the cost
     * does not grow with how many lots the customer has.
     */
    async listOpenInOrder(tenantId: string, customerId: string, limit: number): Promise<LotRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM lots WHERE tenant_id = ? AND customer_id = ? AND remaining <> 0 ORDER BY ${CONSUMPTION_ORDER} LIMIT ?`,
        [tenantId, customerId, limit],
      );
      return rows.map(toLot);
    },

    /** The customer's lots that expired by `now` with credits left (through `lots_customer_expiry`). */
    async listExpiredOpen(tenantId: string, customerId: string, now: number): Promise<LotRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM lots WHERE tenant_id = ? AND customer_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id`,
        [tenantId, customerId, now],
      );
      return rows.map(toLot);
    },

    /** Σ remaining of the customer's lots that expire after `from` and by `to`. */
    async sumExpiringBetween(
      tenantId: string,
      customerId: string,
      from: number,
      to: number,
    ): Promise<number> {
      const rows = await db.query(
        'SELECT COALESCE(SUM(remaining), 0) AS total FROM lots WHERE tenant_id = ? AND customer_id = ? AND remaining > 0 AND expires_at IS NOT NULL AND expires_at > ? AND expires_at <= ?',
        [tenantId, customerId, from, to],
      );
      return readInt(rows[0]?.total ?? 0, 'total');
    },

    /** Σ remaining of live lots of one source created since `since` (a period's plan credits left). */
    async sumLiveBySourceSince(
      tenantId: string,
      customerId: string,
      source: StoredLotSource,
      since: number,
      now: number,
    ): Promise<number> {
      const rows = await db.query(
        'SELECT COALESCE(SUM(remaining), 0) AS total FROM lots WHERE tenant_id = ? AND customer_id = ? AND source = ? AND remaining <> 0 AND created_at >= ? AND (expires_at IS NULL OR expires_at > ?)',
        [tenantId, customerId, source, since, now],
      );
      return readInt(rows[0]?.total ?? 0, 'total');
    },

    /** All of a customer's lots, spent ones included. */
    async listAllForCustomer(tenantId: string, customerId: string): Promise<LotRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM lots WHERE tenant_id = ? AND customer_id = ? ORDER BY created_at, id`,
        [tenantId, customerId],
      );
      return rows.map(toLot);
    },

    async get(tenantId: string, id: string): Promise<LotRow | null> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM lots WHERE tenant_id = ? AND id = ?`, [
        tenantId,
        id,
      ]);
      return rows[0] === undefined ? null : toLot(rows[0]);
    },

    /** The customer's overdraft lot, if one was ever opened. */
    async findOverdraft(tenantId: string, customerId: string): Promise<LotRow | null> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM lots WHERE tenant_id = ? AND customer_id = ? AND source = 'overdraft'`,
        [tenantId, customerId],
      );
      return rows[0] === undefined ? null : toLot(rows[0]);
    },

    /** Whether the customer ever had a lot from this source (a purchase, for referrals). */
    async hasSource(tenantId: string, customerId: string, source: StoredLotSource): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 AS one FROM lots WHERE tenant_id = ? AND customer_id = ? AND source = ? LIMIT 1',
        [tenantId, customerId, source],
      );
      return rows.length > 0;
    },

    /** Adds `delta` to a lot's remaining. */
    async addRemaining(tenantId: string, id: string, delta: number): Promise<void> {
      const { changes } = await db.run(
        'UPDATE lots SET remaining = remaining + ? WHERE tenant_id = ? AND id = ?',
        [delta, tenantId, id],
      );
      if (changes !== 1) throw new Error(`lot ${id} not found`);
    },

    /** Customers holding credits in lots that expired by `now` (the expiry sweep's work list). */
    async listCustomersWithExpiredLots(
      now: number,
      limit: number,
    ): Promise<{ tenantId: string; customerId: string }[]> {
      const rows = await db.query(
        'SELECT DISTINCT tenant_id, customer_id FROM lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?',
        [now, limit],
      );
      return rows.map((r) => ({ tenantId: String(r.tenant_id), customerId: String(r.customer_id) }));
    },

    /** Every lot of every tenant (verify). */
    async listAll(): Promise<LotRow[]> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM lots ORDER BY tenant_id, id`);
      return rows.map(toLot);
    },
  };
}

export type LotQueries = ReturnType<typeof createLotQueries>;
