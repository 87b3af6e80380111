/**
 * SQL for payments (Stripe in): the events and payment objects already applied, the payment
 * references grants and claw-backs serialize on, deferred claw-backs, subscriptions and each
 * customer's Stripe customer. Claims are `INSERT … ON CONFLICT DO NOTHING` checked by their
 * change count, never a caught unique violation (which would abort a PostgreSQL transaction).
 */
import { forUpdate, readInt, readIntOrNull, readTextOrNull, type SqlDriver } from '../driver.ts';
import { createFirstPaymentQueries } from './analytics-first-payments.ts';

/** A Stripe event as recorded, with the outcome the port answered. */
export interface StripeEventRow {
  readonly tenantId: string;
  readonly eventId: string;
  readonly kind: string;
  readonly customerId: string | null;
  /** The `PaymentOutcome` answered, as JSON. */
  readonly outcome: string;
  readonly needsAttention: boolean;
  readonly occurredAt: number;
  readonly processedAt: number;
}

export interface SubscriptionRow {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  readonly planId: string;
  /** `active` or `canceled`. */
  readonly status: string;
  readonly cancelAtPeriodEnd: boolean;
  /** `occurredAt` of the last plan change or cancellation applied; null before the first. */
  readonly lastChangeAt: number | null;
  /** Start of the last period an invoice paid; null before the first invoice. */
  readonly periodStart: number | null;
  readonly updatedAt: number;
}

/** The lot a payment granted, found by its reference. */
export interface PaymentLotRef {
  readonly lotId: string;
  readonly customerId: string;
}

const EVENT_COLUMNS =
  'tenant_id, event_id, kind, customer_id, outcome, needs_attention, occurred_at, processed_at';
const SUBSCRIPTION_COLUMNS =
  'tenant_id, id, customer_id, plan_id, status, cancel_at_period_end, last_change_at, period_start, updated_at';

function toEvent(r: Record<string, unknown>): StripeEventRow {
  return {
    tenantId: String(r.tenant_id),
    eventId: String(r.event_id),
    kind: String(r.kind),
    customerId: readTextOrNull(r.customer_id),
    outcome: String(r.outcome),
    needsAttention: readInt(r.needs_attention, 'needs_attention') !== 0,
    occurredAt: readInt(r.occurred_at, 'occurred_at'),
    processedAt: readInt(r.processed_at, 'processed_at'),
  };
}

function toSubscription(r: Record<string, unknown>): SubscriptionRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    customerId: String(r.customer_id),
    planId: String(r.plan_id),
    status: String(r.status),
    cancelAtPeriodEnd: readInt(r.cancel_at_period_end, 'cancel_at_period_end') !== 0,
    lastChangeAt: readIntOrNull(r.last_change_at, 'last_change_at'),
    periodStart: readIntOrNull(r.period_start, 'period_start'),
    updatedAt: readInt(r.updated_at, 'updated_at'),
  };
}

/** Payment queries bound to one connection or transaction. */
export function createPaymentQueries(db: SqlDriver) {
  const firstPayments = createFirstPaymentQueries(db);
  return {
    /** Records an event as being applied (outcome filled in by `finishEvent`); false if already recorded. */
    async claimEvent(e: {
      tenantId: string;
      eventId: string;
      kind: string;
      occurredAt: number;
      processedAt: number;
    }): Promise<boolean> {
      const { changes } = await db.run(
        `INSERT INTO stripe_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, NULL, '{}', 0, ?, ?) ON CONFLICT DO NOTHING`,
        [e.tenantId, e.eventId, e.kind, e.occurredAt, e.processedAt],
      );
      return changes === 1;
    },

    /** The newest Stripe events, those that need an operator first, with the money each moved. */
    async listEvents(
      tenantId: string,
      limit: number,
    ): Promise<
      (StripeEventRow & { amountCents: number | null; amountKind: string | null; item: string | null })[]
    > {
      const rows = await db.query(
        `SELECT e.tenant_id, e.event_id, e.kind, e.customer_id, e.outcome, e.needs_attention, e.occurred_at, e.processed_at,
           p.amount_cents, p.kind AS amount_kind, p.item
         FROM stripe_events e LEFT JOIN payment_amounts p ON p.tenant_id = e.tenant_id AND p.event_id = e.event_id
         WHERE e.tenant_id = ? ORDER BY e.needs_attention DESC, e.processed_at DESC, e.event_id DESC LIMIT ${Math.trunc(limit)}`,
        [tenantId],
      );
      return rows.map((r) => ({
        ...toEvent(r),
        amountCents:
          r.amount_cents === null || r.amount_cents === undefined
            ? null
            : readInt(r.amount_cents, 'amount_cents'),
        amountKind: readTextOrNull(r.amount_kind),
        item: readTextOrNull(r.item),
      }));
    },

    /** Records the money an applied event moved (payment-amounts.ts); once per event. */
    async insertAmount(a: {
      tenantId: string;
      eventId: string;
      customerId: string | null;
      paymentRef: string;
      kind: 'pack' | 'plan' | 'refund' | 'dispute';
      item: string;
      amountCents: number;
      occurredAt: number;
    }): Promise<void> {
      const { changes } = await db.run(
        `INSERT INTO payment_amounts (tenant_id, event_id, customer_id, payment_ref, kind, item, amount_cents, occurred_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [a.tenantId, a.eventId, a.customerId, a.paymentRef, a.kind, a.item, a.amountCents, a.occurredAt],
      );
      // The conversion figures' first payments (migration 223), in the same transaction.
      if (changes > 0 && a.customerId !== null && (a.kind === 'pack' || a.kind === 'plan')) {
        await firstPayments.record(a.tenantId, a.customerId, a.kind, a.occurredAt);
        await firstPayments.recordPayingDay(a.tenantId, a.customerId, a.eventId, a.occurredAt);
      }
    },

    /** The money recorded for one payment: what it bought, and its refunds and disputes so far. */
    async readAmounts(
      tenantId: string,
      paymentRef: string,
    ): Promise<{ kind: string; item: string; customerId: string | null; amountCents: number }[]> {
      const rows = await db.query(
        'SELECT kind, item, customer_id, amount_cents FROM payment_amounts WHERE tenant_id = ? AND payment_ref = ? ORDER BY occurred_at, event_id',
        [tenantId, paymentRef],
      );
      return rows.map((r) => ({
        kind: String(r.kind),
        item: String(r.item),
        customerId: readTextOrNull(r.customer_id),
        amountCents: readInt(r.amount_cents, 'amount_cents'),
      }));
    },

    /** Stores what applying a claimed event did. */
    async finishEvent(
      tenantId: string,
      eventId: string,
      customerId: string | null,
      outcome: unknown,
      needsAttention: boolean,
    ): Promise<void> {
      await db.run(
        'UPDATE stripe_events SET customer_id = ?, outcome = ?, needs_attention = ? WHERE tenant_id = ? AND event_id = ?',
        [customerId, JSON.stringify(outcome), needsAttention ? 1 : 0, tenantId, eventId],
      );
    },

    async getEvent(tenantId: string, eventId: string): Promise<StripeEventRow | null> {
      const rows = await db.query(
        `SELECT ${EVENT_COLUMNS} FROM stripe_events WHERE tenant_id = ? AND event_id = ?`,
        [tenantId, eventId],
      );
      return rows[0] === undefined ? null : toEvent(rows[0]);
    },

    /** Events an operator must look at (money moved, nobody to credit), newest first. */
    async listNeedingAttention(tenantId: string, limit: number): Promise<StripeEventRow[]> {
      const rows = await db.query(
        `SELECT ${EVENT_COLUMNS} FROM stripe_events WHERE tenant_id = ? AND needs_attention <> 0 ORDER BY processed_at DESC, event_id LIMIT ?`,
        [tenantId, limit],
      );
      return rows.map(toEvent);
    },

    /** Records a payment object as applied; false if it already was. */
    async claimObject(tenantId: string, objectKey: string, eventId: string, at: number): Promise<boolean> {
      const { changes } = await db.run(
        'INSERT INTO payment_objects (tenant_id, object_key, event_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [tenantId, objectKey, eventId, at],
      );
      return changes === 1;
    },

    /**
     * Creates a payment reference's row if missing and locks it (PostgreSQL), so a grant and a
     * claw-back of the same payment run one after the other; answers what claw-backs took so far.
     */
    async lockRef(tenantId: string, paymentRef: string, at: number): Promise<{ clawedBack: number }> {
      await db.run(
        'INSERT INTO payment_refs (tenant_id, payment_ref, clawed_back, created_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING',
        [tenantId, paymentRef, at],
      );
      const rows = await db.query(
        `SELECT clawed_back FROM payment_refs WHERE tenant_id = ? AND payment_ref = ?${forUpdate(db)}`,
        [tenantId, paymentRef],
      );
      if (rows[0] === undefined) throw new Error(`payment ref ${paymentRef} vanished`);
      return { clawedBack: readInt(rows[0].clawed_back, 'clawed_back') };
    },

    /** Adds to what claw-backs of a payment took (the row exists: `lockRef` made it). */
    async addClawedBack(tenantId: string, paymentRef: string, delta: number): Promise<void> {
      const { changes } = await db.run(
        'UPDATE payment_refs SET clawed_back = clawed_back + ? WHERE tenant_id = ? AND payment_ref = ?',
        [delta, tenantId, paymentRef],
      );
      if (changes !== 1) throw new Error(`payment ref ${paymentRef} not found`);
    },

    /** The first purchased or plan lot granted for a payment reference, or null. */
    async findLotByRef(tenantId: string, paymentRef: string): Promise<PaymentLotRef | null> {
      const rows = await db.query(
        "SELECT id, customer_id FROM lots WHERE tenant_id = ? AND ref = ? AND source IN ('purchase', 'plan') ORDER BY created_at, id LIMIT 1",
        [tenantId, paymentRef],
      );
      const r = rows[0];
      return r === undefined ? null : { lotId: String(r.id), customerId: String(r.customer_id) };
    },

    /** Remembers a claw-back that arrived before its grant (the same event twice is kept once). */
    async insertDeferred(
      tenantId: string,
      paymentRef: string,
      eventId: string,
      command: unknown,
      at: number,
    ): Promise<void> {
      await db.run(
        'INSERT INTO deferred_clawbacks (tenant_id, payment_ref, event_id, command, created_at, applied_at) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING',
        [tenantId, paymentRef, eventId, JSON.stringify(command), at],
      );
    },

    /** The claw-backs waiting for a payment's grant, oldest first, marked applied at `at`. */
    async takeDeferred(tenantId: string, paymentRef: string, at: number): Promise<string[]> {
      const rows = await db.query(
        'SELECT command FROM deferred_clawbacks WHERE tenant_id = ? AND payment_ref = ? AND applied_at IS NULL ORDER BY created_at, event_id',
        [tenantId, paymentRef],
      );
      if (rows.length > 0) {
        await db.run(
          'UPDATE deferred_clawbacks SET applied_at = ? WHERE tenant_id = ? AND payment_ref = ? AND applied_at IS NULL',
          [at, tenantId, paymentRef],
        );
      }
      return rows.map((r) => String(r.command));
    },

    async getSubscription(tenantId: string, id: string): Promise<SubscriptionRow | null> {
      const rows = await db.query(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE tenant_id = ? AND id = ?`,
        [tenantId, id],
      );
      return rows[0] === undefined ? null : toSubscription(rows[0]);
    },

    /** Inserts or replaces a subscription's row. */
    async saveSubscription(s: SubscriptionRow): Promise<void> {
      await db.run(
        `INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, id) DO UPDATE SET customer_id = excluded.customer_id, plan_id = excluded.plan_id,
           status = excluded.status, cancel_at_period_end = excluded.cancel_at_period_end,
           last_change_at = excluded.last_change_at, period_start = excluded.period_start,
           updated_at = excluded.updated_at`,
        [
          s.tenantId,
          s.id,
          s.customerId,
          s.planId,
          s.status,
          s.cancelAtPeriodEnd ? 1 : 0,
          s.lastChangeAt,
          s.periodStart,
          s.updatedAt,
        ],
      );
    },

    async getStripeCustomer(tenantId: string, customerId: string): Promise<string | null> {
      const rows = await db.query(
        'SELECT stripe_customer_id FROM stripe_customers WHERE tenant_id = ? AND customer_id = ?',
        [tenantId, customerId],
      );
      return rows[0] === undefined ? null : String(rows[0].stripe_customer_id);
    },

    /** Links a customer to its Stripe customer (replacing an earlier link). */
    async saveStripeCustomer(
      tenantId: string,
      customerId: string,
      stripeCustomerId: string,
      at: number,
    ): Promise<void> {
      await db.run(
        `INSERT INTO stripe_customers (tenant_id, customer_id, stripe_customer_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (tenant_id, customer_id) DO UPDATE SET stripe_customer_id = excluded.stripe_customer_id,
           updated_at = excluded.updated_at`,
        [tenantId, customerId, stripeCustomerId, at],
      );
    },
  };
}

export type PaymentQueries = ReturnType<typeof createPaymentQueries>;
