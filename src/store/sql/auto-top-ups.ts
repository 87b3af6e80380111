/**
 * SQL for auto top-up (issue 17 item 1, migration 220): each customer's rule and saved card,
 * and the off-session charges tried. Written only by the engine's auto top-up use cases and
 * the payment port, each under the customer's lock.
 */
import { readInt, readIntOrNull, readTextOrNull, type SqlDriver } from '../driver.ts';

export interface AutoTopUpRow {
  readonly tenantId: string;
  readonly customerId: string;
  /** Null until the customer sets a rule (a card may be saved first). */
  readonly threshold: number | null;
  readonly packId: string | null;
  readonly credits: number | null;
  readonly amountCents: number | null;
  readonly monthlyLimitCents: number | null;
  readonly enabled: boolean;
  readonly stripeCustomerId: string | null;
  readonly paymentMethodId: string | null;
  /** The attempt neither granted nor failed yet. */
  readonly inFlight: string | null;
  readonly lastAttemptAt: number | null;
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  readonly failedAt: number | null;
  readonly updatedAt: number;
}

export type AutoTopUpAttemptStatus = 'pending' | 'processing' | 'succeeded' | 'failed';

export interface AutoTopUpAttemptRow {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  /** `YYYY-MM` (UTC) the attempt counts toward. */
  readonly month: string;
  readonly packId: string | null;
  readonly credits: number;
  readonly amountCents: number;
  readonly currency: string;
  readonly status: AutoTopUpAttemptStatus;
  readonly paymentIntentId: string | null;
  readonly failureCode: string | null;
  readonly createdAt: number;
  readonly endedAt: number | null;
}

const COLUMNS =
  'tenant_id, customer_id, threshold, pack_id, credits, amount_cents, monthly_limit_cents, enabled, stripe_customer_id, payment_method_id, in_flight, last_attempt_at, failure_code, failure_message, failed_at, updated_at';

const ATTEMPT_COLUMNS =
  'tenant_id, id, customer_id, month, pack_id, credits, amount_cents, currency, status, payment_intent_id, failure_code, created_at, ended_at';

function toRow(r: Record<string, unknown>): AutoTopUpRow {
  return {
    tenantId: String(r.tenant_id),
    customerId: String(r.customer_id),
    threshold: readIntOrNull(r.threshold, 'threshold'),
    packId: readTextOrNull(r.pack_id),
    credits: readIntOrNull(r.credits, 'credits'),
    amountCents: readIntOrNull(r.amount_cents, 'amount_cents'),
    monthlyLimitCents: readIntOrNull(r.monthly_limit_cents, 'monthly_limit_cents'),
    enabled: readInt(r.enabled, 'enabled') !== 0,
    stripeCustomerId: readTextOrNull(r.stripe_customer_id),
    paymentMethodId: readTextOrNull(r.payment_method_id),
    inFlight: readTextOrNull(r.in_flight),
    lastAttemptAt: readIntOrNull(r.last_attempt_at, 'last_attempt_at'),
    failureCode: readTextOrNull(r.failure_code),
    failureMessage: readTextOrNull(r.failure_message),
    failedAt: readIntOrNull(r.failed_at, 'failed_at'),
    updatedAt: readInt(r.updated_at, 'updated_at'),
  };
}

function toAttempt(r: Record<string, unknown>): AutoTopUpAttemptRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    customerId: String(r.customer_id),
    month: String(r.month),
    packId: readTextOrNull(r.pack_id),
    credits: readInt(r.credits, 'credits'),
    amountCents: readInt(r.amount_cents, 'amount_cents'),
    currency: String(r.currency),
    status: String(r.status) as AutoTopUpAttemptStatus,
    paymentIntentId: readTextOrNull(r.payment_intent_id),
    failureCode: readTextOrNull(r.failure_code),
    createdAt: readInt(r.created_at, 'created_at'),
    endedAt: readIntOrNull(r.ended_at, 'ended_at'),
  };
}

function rowValues(row: AutoTopUpRow) {
  return [
    row.tenantId,
    row.customerId,
    row.threshold,
    row.packId,
    row.credits,
    row.amountCents,
    row.monthlyLimitCents,
    row.enabled ? 1 : 0,
    row.stripeCustomerId,
    row.paymentMethodId,
    row.inFlight,
    row.lastAttemptAt,
    row.failureCode,
    row.failureMessage,
    row.failedAt,
    row.updatedAt,
  ];
}

/** Auto top-up queries bound to one connection or transaction. */
export function createAutoTopUpQueries(db: SqlDriver) {
  return {
    async get(tenantId: string, customerId: string): Promise<AutoTopUpRow | null> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM auto_top_ups WHERE tenant_id = ? AND customer_id = ?`,
        [tenantId, customerId],
      );
      return rows[0] === undefined ? null : toRow(rows[0]);
    },

    /** Writes the whole row (insert, or replace the customer's). */
    async save(row: AutoTopUpRow): Promise<void> {
      const updates = COLUMNS.split(', ')
        .slice(2)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ');
      await db.run(
        `INSERT INTO auto_top_ups (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, customer_id) DO UPDATE SET ${updates}`,
        rowValues(row),
      );
    },

    /**
     * Marks `attemptId` in flight only when none is: false when another attempt got there
     * first (the claim's second line of defence after the customer's lock).
     */
    async markInFlight(
      tenantId: string,
      customerId: string,
      attemptId: string,
      at: number,
    ): Promise<boolean> {
      const { changes } = await db.run(
        'UPDATE auto_top_ups SET in_flight = ?, last_attempt_at = ?, updated_at = ? WHERE tenant_id = ? AND customer_id = ? AND in_flight IS NULL',
        [attemptId, at, at, tenantId, customerId],
      );
      return changes === 1;
    },

    /** Clears the in-flight mark when it is `attemptId`. */
    async clearInFlight(tenantId: string, customerId: string, attemptId: string, at: number): Promise<void> {
      await db.run(
        'UPDATE auto_top_ups SET in_flight = NULL, updated_at = ? WHERE tenant_id = ? AND customer_id = ? AND in_flight = ?',
        [at, tenantId, customerId, attemptId],
      );
    },

    /** Turns auto top-up off because a charge failed, with the reason; clears `attemptId` in flight. */
    async disableForFailure(
      tenantId: string,
      customerId: string,
      failure: { code: string; message: string; at: number },
    ): Promise<void> {
      await db.run(
        'UPDATE auto_top_ups SET enabled = 0, in_flight = NULL, failure_code = ?, failure_message = ?, failed_at = ?, updated_at = ? WHERE tenant_id = ? AND customer_id = ?',
        [failure.code, failure.message, failure.at, failure.at, tenantId, customerId],
      );
    },

    async insertAttempt(row: AutoTopUpAttemptRow): Promise<void> {
      await db.run(
        `INSERT INTO auto_top_up_attempts (${ATTEMPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.tenantId,
          row.id,
          row.customerId,
          row.month,
          row.packId,
          row.credits,
          row.amountCents,
          row.currency,
          row.status,
          row.paymentIntentId,
          row.failureCode,
          row.createdAt,
          row.endedAt,
        ],
      );
    },

    async getAttempt(tenantId: string, id: string): Promise<AutoTopUpAttemptRow | null> {
      const rows = await db.query(
        `SELECT ${ATTEMPT_COLUMNS} FROM auto_top_up_attempts WHERE tenant_id = ? AND id = ?`,
        [tenantId, id],
      );
      return rows[0] === undefined ? null : toAttempt(rows[0]);
    },

    /** Moves an attempt on; `from` guards the move (false when it was no longer in one of them). */
    async setAttemptStatus(
      tenantId: string,
      id: string,
      from: readonly AutoTopUpAttemptStatus[],
      change: {
        status: AutoTopUpAttemptStatus;
        paymentIntentId?: string | null;
        failureCode?: string | null;
        endedAt?: number | null;
      },
    ): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE auto_top_up_attempts SET status = ?, payment_intent_id = COALESCE(?, payment_intent_id),
           failure_code = COALESCE(?, failure_code), ended_at = COALESCE(?, ended_at)
         WHERE tenant_id = ? AND id = ? AND status IN (${from.map(() => '?').join(', ')})`,
        [
          change.status,
          change.paymentIntentId ?? null,
          change.failureCode ?? null,
          change.endedAt ?? null,
          tenantId,
          id,
          ...from,
        ],
      );
      return changes === 1;
    },

    /** Cents of the month's attempts that took or may take money: all but the failed ones. */
    async sumMonth(tenantId: string, customerId: string, month: string): Promise<number> {
      const rows = await db.query(
        "SELECT COALESCE(SUM(amount_cents), 0) AS total FROM auto_top_up_attempts WHERE tenant_id = ? AND customer_id = ? AND month = ? AND status <> 'failed'",
        [tenantId, customerId, month],
      );
      return readInt(rows[0]?.total ?? 0, 'total');
    },

    /** Attempts claimed before `before` that never got a PaymentIntent (the process died or Stripe was down). */
    async listStalePending(before: number, limit: number): Promise<AutoTopUpAttemptRow[]> {
      const rows = await db.query(
        `SELECT ${ATTEMPT_COLUMNS} FROM auto_top_up_attempts WHERE status = 'pending' AND created_at <= ? ORDER BY created_at LIMIT ?`,
        [before, limit],
      );
      return rows.map(toAttempt);
    },
  };
}
