/**
 * Turning a verified Stripe event into a `PaymentCommand`. Pure: no I/O, no clock, no SDK
 * calls; the event and the catalog are all it reads. Credits always come from the catalog:
 * event metadata only says WHICH pack or plan, never how many credits.
 */
import type { Catalog } from '../domain/catalog.ts';
import { findPack } from '../domain/catalog.ts';
import { cents, credits } from '../domain/credits.ts';
import { belongsToOtherTenant, MetadataKey, readCustomerRef, readStripeCustomerId } from './attribution.ts';
import type { PaymentCommand } from './commands.ts';
import { baseOf, ignoreEvent, type StripeEventLike } from './event-base.ts';
import { readId, readInteger, readRecord, readString } from './stripe-object.ts';
import {
  translatePaymentIntentFailed,
  translatePaymentIntentSucceeded,
  translateSetupSucceeded,
} from './translate-auto-top-ups.ts';
import { translateInvoicePaid, translateSubscriptionChange } from './translate-subscriptions.ts';

export type { StripeEventLike } from './event-base.ts';

/** What translation needs besides the event. */
export interface TranslateContext {
  readonly catalog: Catalog;
  /** The tenant whose endpoint received the event: events tagged for another tenant are ignored. */
  readonly tenantId?: string;
}

/** Stripe event types Tollgate acts on; subscribe the Stripe webhook endpoint to exactly these. */
export const HANDLED_STRIPE_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'invoice.paid',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
  'setup_intent.succeeded',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
] as const;

/**
 * Translates one verified Stripe event into what the ledger should do. Events Tollgate does
 * not act on, unpaid sessions and events for other tenants become `ignore` with a reason.
 */
export function translateStripeEvent(event: StripeEventLike, context: TranslateContext): PaymentCommand {
  const object = readRecord(event, 'data')?.object;
  if (typeof object !== 'object' || object === null) {
    return ignoreEvent(event, `signed ${event.type} event has no data.object`, true);
  }
  if (belongsToOtherTenant(readCustomerRef(object), context.tenantId)) {
    return ignoreEvent(event, 'the object belongs to another tenant');
  }
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return translateCheckoutCompleted(event, context.catalog);
    case 'invoice.paid':
      return translateInvoicePaid(event, context.catalog);
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return translateSubscriptionChange(event, context.catalog);
    case 'charge.refunded':
      return translateChargeRefunded(event);
    case 'charge.dispute.created':
      return translateDisputeCreated(event);
    case 'charge.dispute.closed':
      return translateDisputeClosed(event);
    case 'setup_intent.succeeded':
      return translateSetupSucceeded(event);
    case 'payment_intent.succeeded':
      return translatePaymentIntentSucceeded(event);
    case 'payment_intent.payment_failed':
      return translatePaymentIntentFailed(event);
    default:
      return ignoreEvent(event, `Tollgate does not act on ${event.type}`);
  }
}

/** A paid pack Checkout becomes a purchased lot; unpaid or subscription sessions are ignored. */
function translateCheckoutCompleted(event: StripeEventLike, catalog: Catalog): PaymentCommand {
  const session = event.data.object;
  const mode = readString(session, 'mode');
  if (mode === 'setup') return ignoreEvent(event, 'mode setup: the card is saved by setup_intent.succeeded');
  if (mode !== 'payment') {
    return ignoreEvent(event, `mode ${mode ?? 'unknown'}: plan allowances are granted by invoice.paid`);
  }
  const paymentStatus = readString(session, 'payment_status');
  if (paymentStatus !== 'paid') {
    return ignoreEvent(
      event,
      `payment_status ${paymentStatus ?? 'unknown'}: credits wait for checkout.session.async_payment_succeeded`,
    );
  }
  const sessionId = readString(session, 'id');
  if (sessionId === undefined) return ignoreEvent(event, 'the session has no id', true);
  const { customerId } = readCustomerRef(session);
  if (customerId === null) return ignoreEvent(event, `paid session ${sessionId} names no customer`, true);
  const packId = readString(readRecord(session, 'metadata'), MetadataKey.packId);
  const pack = packId === undefined ? undefined : findPack(catalog, packId);
  if (pack === undefined) {
    return ignoreEvent(
      event,
      `paid session ${sessionId} is for pack ${packId ?? '(none)'}, not in the catalog`,
      true,
    );
  }
  const total = readInteger(session, 'amount_total');
  const tax = readInteger(readRecord(session, 'total_details'), 'amount_tax') ?? 0;
  const currency = readString(session, 'currency')?.toLowerCase();
  if (currency !== undefined && currency !== catalog.currency.toLowerCase()) {
    return ignoreEvent(
      event,
      `paid session ${sessionId} is in ${currency}, the catalog in ${catalog.currency.toLowerCase()}`,
      true,
    );
  }
  // Checkout sells one pack at its catalog price (quantity 1, no discounts): the subtotal (or the
  // total less tax) must be that price, or the credits do not match what was paid.
  const subtotal = readInteger(session, 'amount_subtotal') ?? (total === undefined ? undefined : total - tax);
  if (subtotal !== pack.priceCents) {
    return ignoreEvent(
      event,
      `paid session ${sessionId} charged ${subtotal ?? '(no amount)'} for pack ${pack.id}, priced ${pack.priceCents}`,
      true,
    );
  }
  return {
    kind: 'grant_purchase',
    ...baseOf(event),
    paymentRef: readId(session, 'payment_intent') ?? sessionId,
    checkoutSessionId: sessionId,
    customerId,
    stripeCustomerId: readStripeCustomerId(session),
    packId: pack.id,
    credits: credits(pack.credits),
    costBasisCents: cents(total === undefined ? pack.priceCents : Math.max(0, total - tax)),
    currency: currency ?? catalog.currency.toLowerCase(),
  };
}

/** A refund (full or partial, cumulative) takes back the matching share of the purchase's credits. */
function translateChargeRefunded(event: StripeEventLike): PaymentCommand {
  const charge = event.data.object;
  const chargeId = readString(charge, 'id');
  const amount = readInteger(charge, 'amount');
  const refunded = readInteger(charge, 'amount_refunded');
  if (chargeId === undefined || amount === undefined || refunded === undefined || refunded <= 0) {
    return ignoreEvent(event, 'the charge shows no refunded amount');
  }
  return {
    kind: 'claw_back',
    ...baseOf(event),
    paymentRef: readId(charge, 'payment_intent') ?? chargeId,
    chargeId,
    reason: 'refund',
    amountCents: cents(amount),
    reversedCents: cents(Math.min(refunded, amount)),
  };
}

/** The dispute's id, its charge and the payment the credits were granted for, or why not. */
function readDispute(
  event: StripeEventLike,
): { disputeId: string; chargeId: string; paymentRef: string } | PaymentCommand {
  const dispute = event.data.object;
  const disputeId = readString(dispute, 'id');
  const chargeId = readId(dispute, 'charge');
  if (disputeId === undefined || chargeId === undefined)
    return ignoreEvent(event, 'the dispute names no charge');
  return { disputeId, chargeId, paymentRef: readId(dispute, 'payment_intent') ?? chargeId };
}

/**
 * A dispute opened holds back everything unspent of the purchase: the dispute object does not
 * say what the charge was, and a card network reverses the whole amount more often than not.
 */
function translateDisputeCreated(event: StripeEventLike): PaymentCommand {
  const read = readDispute(event);
  if ('kind' in read) return read;
  return { kind: 'hold_dispute', ...baseOf(event), ...read };
}

/** A dispute closed: `won` and `warning_closed` (an inquiry that never became a chargeback) give back, `lost` claws back. */
function translateDisputeClosed(event: StripeEventLike): PaymentCommand {
  const read = readDispute(event);
  if ('kind' in read) return read;
  const status = readString(event.data.object, 'status');
  const outcome = status === 'lost' ? 'lost' : status === 'won' || status === 'warning_closed' ? 'won' : null;
  if (outcome === null)
    return ignoreEvent(event, `dispute ${read.disputeId} closed with status ${status ?? '(none)'}`, true);
  return { kind: 'close_dispute', ...baseOf(event), ...read, outcome };
}
