/**
 * The one thing payments needs from the ledger, written as an interface the engine will
 * implement. The webhook handler depends on this port only, so it can be tested today with
 * an in-memory implementation (`test/fakes/ledger-port.ts`) and wired to the engine later
 * without touching the Stripe code.
 *
 * Contract for implementers (the engine):
 * - Apply each command in ONE transaction together with its idempotency records and its
 *   outbox rows (`purchase.completed`, `plan.changed`, ...).
 * - Idempotent per Stripe event id: a second `applyPaymentCommand` with the same `eventId`
 *   answers `duplicate` and writes nothing.
 * - Idempotent per payment object (`paymentObjectKey`): Stripe can send two different events
 *   about the same payment (a resent `checkout.session.completed`, `invoice.paid` and
 *   `invoice.payment_succeeded` habits of older integrations); the second answers `duplicate`.
 * - Order-independent: a `claw_back` that arrives before its `grant_purchase` is remembered
 *   (`deferred`) and applied when the grant arrives, so the end state is the same either way;
 *   a `change_plan` older (`occurredAt`) than the last one applied to that subscription is `stale`.
 * - Claw-backs are cumulative: `reversedCents` is the total refunded or disputed so far, so take
 *   back `ceil(credits × reversedCents / amountCents)` minus what earlier claw-backs of that
 *   payment already took, never more than the lot's unspent credits, and flag the customer.
 * - Disputes both ways: `hold_dispute` moves the purchase's unspent credits out of reach (not
 *   clawed back) and flags the customer; `close_dispute` won puts them back and clears the flag
 *   (unless another dispute of the customer is open or lost), lost claws them back.
 */
import type { Credits } from '../domain/credits.ts';
import type { Result } from '../domain/errors.ts';
import type { PaymentCommand, PaymentCommandKind } from './commands.ts';

/** What applying a command did. */
export type PaymentOutcome =
  | {
      readonly status: 'applied';
      readonly kind: PaymentCommandKind;
      /** Lot created or reduced, when the command touched one. */
      readonly lotId?: string;
      /** Credits granted (positive) or taken back (negative). */
      readonly creditsDelta?: Credits;
      /** The customer's plan after the command, when it concerns plans. */
      readonly planId?: string;
    }
  | {
      /** Already applied: by this very event, or by another event about the same payment object. */
      readonly status: 'duplicate';
      readonly key: string;
    }
  | {
      /** Waiting for the event it depends on (a refund before its purchase). */
      readonly status: 'deferred';
      readonly reason: string;
    }
  | {
      /** Older than what is already applied for this subscription, or of a subscription that is not the customer's current one; nothing changes. */
      readonly status: 'stale';
      readonly reason: string;
      /** Money moved for it (a paid invoice of a superseded subscription): an operator must look. */
      readonly needsAttention?: boolean;
    }
  | {
      /** Nothing to do (an `ignore` command, or a payment this tenant does not know). */
      readonly status: 'ignored';
      readonly reason: string;
    };

/** The port the engine implements. */
export interface PaymentLedgerPort {
  /**
   * Applies one payment command for a tenant, exactly once per event and per payment object.
   * Expected failures (an unknown customer id in the event, a plan missing from the catalog)
   * are `Result` errors; the HTTP layer decides whether Stripe should retry.
   */
  applyPaymentCommand(tenantId: string, command: PaymentCommand): Promise<Result<PaymentOutcome>>;
}

/**
 * The idempotency key of the payment object a command is about, or null when the command is
 * keyed by its event alone. One definition, so the engine and its tests agree on it.
 */
export function paymentObjectKey(command: PaymentCommand): string | null {
  switch (command.kind) {
    case 'grant_purchase':
      return `purchase:${command.paymentRef}`;
    case 'start_subscription':
    case 'renew_plan':
      return `invoice:${command.invoiceId}`;
    case 'claw_back':
      return `${command.reason}:${command.paymentRef}:${command.reversedCents}`;
    case 'hold_dispute':
      return `dispute_opened:${command.disputeId}`;
    case 'close_dispute':
      return `dispute_closed:${command.disputeId}`;
    case 'cancel_plan':
      return `subscription_ended:${command.subscriptionId}`;
    case 'save_payment_method':
      return `setup:${command.setupIntentId}`;
    case 'grant_auto_top_up':
      return `purchase:${command.paymentRef}`;
    case 'fail_auto_top_up':
      return `payment_failed:${command.paymentRef}`;
    case 'change_plan':
    case 'ignore':
      return null;
  }
}
