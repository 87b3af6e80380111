/**
 * SQL for customers: the stable per-customer row every write locks first, carrying the
 * cached `balance` and `held` so availability can be checked and changed in one statement.
 */
import { credits } from '../../domain/credits.ts';
import {
  formatPlaceholders,
  forUpdate,
  readInt,
  readIntOrNull,
  readTextOrNull,
  type SqlDriver,
  type SqlValue,
} from '../driver.ts';
import type { CustomerRow } from '../types.ts';
import { ReadAhead } from './read-ahead.ts';

const COLUMNS =
  'tenant_id, id, plan_id, email, email_verified_at, referral_code, referred_by, flagged, overdraft_limit, balance, held, period_start, period_end, created_at';
/** Read as well: the grant marks (migration 5), NULL until set, so inserts leave them out. */
const READ_COLUMNS = `${COLUMNS}, daily_credit_day, allowance_start`;

function toCustomer(r: Record<string, unknown>): CustomerRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    planId: String(r.plan_id),
    email: readTextOrNull(r.email),
    emailVerifiedAt: readIntOrNull(r.email_verified_at, 'email_verified_at'),
    referralCode: String(r.referral_code),
    referredBy: readTextOrNull(r.referred_by),
    flagged: readInt(r.flagged, 'flagged') !== 0,
    overdraftLimit: credits(readInt(r.overdraft_limit, 'overdraft_limit')),
    balance: credits(readInt(r.balance, 'balance')),
    held: credits(readInt(r.held, 'held')),
    periodStart: readInt(r.period_start, 'period_start'),
    periodEnd: readInt(r.period_end, 'period_end'),
    createdAt: readInt(r.created_at, 'created_at'),
    dailyCreditDay: readTextOrNull(r.daily_credit_day),
    allowanceStart: readIntOrNull(r.allowance_start, 'allowance_start'),
  };
}

/** The customers one transaction has row-locked (PostgreSQL), so it never locks one twice. */
export type LockedCustomers = Set<string>;

const lockKey = (tenantId: string, id: string) => `customer\u0000${tenantId}\u0000${id}`;

/** Customer queries bound to one connection or transaction. */
export function createCustomerQueries(
  db: SqlDriver,
  ahead: ReadAhead = new ReadAhead(),
  locked: LockedCustomers = new Set(),
) {
  /** Locks the customer `ownerSql` (one `customer_id`, tenant first in its parameters) names, and reads them ahead. */
  async function lockOwner(ownerSql: string, params: readonly string[]): Promise<void> {
    const tenantId = params[0] as string;
    const rows = await db.query(
      `SELECT ${READ_COLUMNS} FROM customers WHERE tenant_id = ? AND id = (${ownerSql})${forUpdate(db)}`,
      [tenantId, ...params],
    );
    for (const row of rows) {
      const c = toCustomer(row);
      locked.add(lockKey(c.tenantId, c.id));
      ahead.remember(lockKey(c.tenantId, c.id), c);
    }
  }

  return {
    /**
     * Locks customers in id order (rows that do not exist are not locked) and reads them ahead:
     * the scope lock a write transaction takes first, so its first `lock` of each costs nothing.
     */
    async lockMany(tenantId: string, ids: readonly string[]): Promise<void> {
      const sorted = [...new Set(ids)].sort();
      if (sorted.length === 0) return;
      const rows = await db.query(
        `SELECT ${READ_COLUMNS} FROM customers WHERE tenant_id = ? AND id IN (${formatPlaceholders(sorted.length)}) ORDER BY id${forUpdate(db)}`,
        [tenantId, ...sorted],
      );
      for (const id of sorted) locked.add(lockKey(tenantId, id));
      for (const row of rows) {
        const c = toCustomer(row);
        ahead.remember(lockKey(c.tenantId, c.id), c);
      }
    },

    /** Inserts a customer; false if the id (or referral code) is taken. */
    async insert(c: CustomerRow): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO customers (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        [
          c.tenantId,
          c.id,
          c.planId,
          c.email,
          c.emailVerifiedAt,
          c.referralCode,
          c.referredBy,
          c.flagged ? 1 : 0,
          c.overdraftLimit,
          c.balance,
          c.held,
          c.periodStart,
          c.periodEnd,
          c.createdAt,
        ],
      );
      return rows.length === 1;
    },

    /** Reads a customer without locking it. */
    async get(tenantId: string, id: string): Promise<CustomerRow | null> {
      const rows = await db.query(`SELECT ${READ_COLUMNS} FROM customers WHERE tenant_id = ? AND id = ?`, [
        tenantId,
        id,
      ]);
      return rows[0] === undefined ? null : toCustomer(rows[0]);
    },

    /** Locks the customer of a hold (if the hold exists) and reads that customer ahead. */
    lockForHold(tenantId: string, holdId: string): Promise<void> {
      return lockOwner('SELECT customer_id FROM holds WHERE tenant_id = ? AND id = ?', [tenantId, holdId]);
    },

    /**
     * Locks the customer a payment granted credits to (the owner of its first purchase or plan
     * lot, as `payments.findLotByRef` finds it), if it granted any yet, and reads them ahead.
     */
    lockForPaymentRef(tenantId: string, paymentRef: string): Promise<void> {
      return lockOwner(
        "SELECT customer_id FROM lots WHERE tenant_id = ? AND ref = ? AND source IN ('purchase', 'plan') ORDER BY created_at, id LIMIT 1",
        [tenantId, paymentRef],
      );
    },

    /**
     * Reads and locks a customer for the rest of the transaction (FOR UPDATE on PostgreSQL),
     * taking the lock only if the transaction does not hold it yet.
     */
    async lock(tenantId: string, id: string): Promise<CustomerRow | null> {
      const key = lockKey(tenantId, id);
      const fresh = ahead.take<CustomerRow>(key);
      if (fresh !== undefined) return fresh;
      // Where reading is locking (SQLite's one writer), nothing is tracked: a SQLite store
      // binds its queries once for every transaction.
      const clause = locked.has(key) ? '' : forUpdate(db);
      const rows = await db.query(
        `SELECT ${READ_COLUMNS} FROM customers WHERE tenant_id = ? AND id = ?${clause}`,
        [tenantId, id],
      );
      if (rows[0] === undefined) return null;
      if (clause !== '') locked.add(key);
      return toCustomer(rows[0]);
    },

    /** Whether any customer of the tenant has this email, compared without case (for referrals). */
    async emailExists(tenantId: string, email: string): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 AS found FROM customers WHERE tenant_id = ? AND lower(email) = ? LIMIT 1',
        [tenantId, email.trim().toLowerCase()],
      );
      return rows.length > 0;
    },

    async findByReferralCode(tenantId: string, code: string): Promise<CustomerRow | null> {
      const rows = await db.query(
        `SELECT ${READ_COLUMNS} FROM customers WHERE tenant_id = ? AND referral_code = ?`,
        [tenantId, code],
      );
      return rows[0] === undefined ? null : toCustomer(rows[0]);
    },

    /**
     * Adds to the cached balance and held. With `guard`, only if available stays at or
     * above minus the overdraft limit afterwards; answers whether the row changed.
     */
    async addFigures(
      tenantId: string,
      id: string,
      balanceDelta: number,
      heldDelta: number,
      guard: boolean,
    ): Promise<boolean> {
      const condition = guard ? ' AND balance + ? - held - ? >= -overdraft_limit' : '';
      const params = guard
        ? [balanceDelta, heldDelta, tenantId, id, balanceDelta, heldDelta]
        : [balanceDelta, heldDelta, tenantId, id];
      const { changes } = await db.run(
        `UPDATE customers SET balance = balance + ?, held = held + ? WHERE tenant_id = ? AND id = ?${condition}`,
        params,
      );
      return changes === 1;
    },

    /** Moves a customer to a plan and period; a move to another plan is kept in `plan_changes`. */
    async setPlan(
      tenantId: string,
      id: string,
      planId: string,
      periodStart: number,
      periodEnd: number,
      changedAt: number,
    ): Promise<void> {
      await db.run(
        `INSERT INTO plan_changes (tenant_id, customer_id, changed_at, from_plan, to_plan)
         SELECT tenant_id, id, ?, plan_id, ? FROM customers WHERE tenant_id = ? AND id = ? AND plan_id <> ?
         ON CONFLICT DO NOTHING`,
        [changedAt, planId, tenantId, id, planId],
      );
      await db.run(
        'UPDATE customers SET plan_id = ?, period_start = ?, period_end = ? WHERE tenant_id = ? AND id = ?',
        [planId, periodStart, periodEnd, tenantId, id],
      );
    },

    async setEmailVerified(tenantId: string, id: string, at: number): Promise<void> {
      await db.run(
        'UPDATE customers SET email_verified_at = ? WHERE tenant_id = ? AND id = ? AND email_verified_at IS NULL',
        [at, tenantId, id],
      );
    },

    /**
     * A page of the tenant's customers, newest first (by creation, then id), after the cursor
     * position: `query` is a prefix of the id or (without case) of the email.
     */
    async search(f: {
      tenantId: string;
      query?: string;
      planId?: string;
      flagged?: boolean;
      after?: { createdAt: number; id: string };
      limit: number;
    }): Promise<CustomerRow[]> {
      let where = 'tenant_id = ?';
      const args: SqlValue[] = [f.tenantId];
      if (f.query !== undefined && f.query !== '') {
        // Prefix ranges the search indexes of migration 222 serve (byte order on both
        // dialects), with the exact prefix test kept as the definition.
        const n = f.query.length;
        const c = db.dialect === 'postgres' ? ' COLLATE "C"' : '';
        const lower = f.query.toLowerCase();
        where += ` AND ((id${c} >= ? AND id${c} < ? AND substr(id, 1, ${n}) = ?) OR (lower(email)${c} >= ? AND lower(email)${c} < ? AND lower(substr(email, 1, ${n})) = ?))`;
        args.push(f.query, `${f.query}\u{10FFFF}`, f.query, lower, `${lower}\u{10FFFF}`, lower);
      }
      if (f.planId !== undefined) {
        where += ' AND plan_id = ?';
        args.push(f.planId);
      }
      if (f.flagged !== undefined) {
        where += ' AND flagged = ?';
        args.push(f.flagged ? 1 : 0);
      }
      if (f.after !== undefined) {
        where += ' AND (created_at < ? OR (created_at = ? AND id < ?))';
        args.push(f.after.createdAt, f.after.createdAt, f.after.id);
      }
      const rows = await db.query(
        `SELECT ${READ_COLUMNS} FROM customers WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${Math.trunc(f.limit)}`,
        args,
      );
      return rows.map(toCustomer);
    },

    async setFlagged(tenantId: string, id: string, flagged: boolean): Promise<void> {
      await db.run('UPDATE customers SET flagged = ? WHERE tenant_id = ? AND id = ?', [
        flagged ? 1 : 0,
        tenantId,
        id,
      ]);
    },

    async setOverdraftLimit(tenantId: string, id: string, limit: number): Promise<void> {
      await db.run('UPDATE customers SET overdraft_limit = ? WHERE tenant_id = ? AND id = ?', [
        limit,
        tenantId,
        id,
      ]);
    },

    /** Every customer of every tenant (verify). */
    async listAll(): Promise<CustomerRow[]> {
      const rows = await db.query(`SELECT ${READ_COLUMNS} FROM customers ORDER BY tenant_id, id`);
      return rows.map(toCustomer);
    },
  };
}

export type CustomerQueries = ReturnType<typeof createCustomerQueries>;
