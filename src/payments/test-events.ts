/**
 * Stripe event JSON as Stripe sends it (API shape of the SDK's pinned version), built
 * locally. The offline test checkout signs and posts these through the real webhook handler,
 * and the test suite's fake Stripe server emits them, so both exercise exactly the code path
 * real Stripe events take. Only the fields Tollgate or a reader of the logs could use are set.
 */
import Stripe from 'stripe';
import { MetadataKey } from './attribution.ts';

/** A Stripe event object, ready for `JSON.stringify` and signing. */
export interface StripeEventJson {
  readonly id: string;
  readonly object: 'event';
  readonly api_version: string;
  readonly created: number;
  readonly livemode: boolean;
  readonly pending_webhooks: number;
  readonly request: { readonly id: string | null; readonly idempotency_key: string | null };
  readonly type: string;
  readonly data: { readonly object: Record<string, unknown> };
}

/** Wraps a Stripe object in an event of the given type. `created` is epoch seconds. */
export function buildStripeEvent(
  type: string,
  object: Record<string, unknown>,
  meta: { readonly id: string; readonly created: number; readonly livemode?: boolean },
): StripeEventJson {
  return {
    id: meta.id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: meta.created,
    livemode: meta.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/** A completed Checkout Session (payment or subscription mode). */
export function buildCheckoutSessionObject(fields: {
  readonly id: string;
  readonly mode: 'payment' | 'subscription';
  readonly paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  readonly clientReferenceId: string | null;
  readonly stripeCustomerId: string | null;
  readonly metadata: Record<string, string>;
  readonly amountTotal: number;
  readonly currency: string;
  readonly paymentIntentId: string | null;
  readonly subscriptionId: string | null;
  readonly created: number;
  readonly url?: string | null;
}): Record<string, unknown> {
  return {
    id: fields.id,
    object: 'checkout.session',
    mode: fields.mode,
    status: 'complete',
    payment_status: fields.paymentStatus,
    client_reference_id: fields.clientReferenceId,
    customer: fields.stripeCustomerId,
    metadata: fields.metadata,
    amount_subtotal: fields.amountTotal,
    amount_total: fields.amountTotal,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    currency: fields.currency,
    payment_intent: fields.paymentIntentId,
    subscription: fields.subscriptionId,
    created: fields.created,
    livemode: false,
    url: fields.url ?? null,
  };
}

/** A subscription with one item billed monthly at `unitAmount`. Times are epoch seconds. */
export function buildSubscriptionObject(fields: {
  readonly id: string;
  readonly stripeCustomerId: string;
  readonly status: string;
  readonly metadata: Record<string, string>;
  readonly priceId: string;
  readonly unitAmount: number;
  readonly currency: string;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly cancelAtPeriodEnd?: boolean;
  readonly endedAt?: number | null;
}): Record<string, unknown> {
  const price = {
    id: fields.priceId,
    object: 'price',
    currency: fields.currency,
    unit_amount: fields.unitAmount,
    recurring: { interval: 'month', interval_count: 1 },
    lookup_key: null,
    metadata: {},
  };
  return {
    id: fields.id,
    object: 'subscription',
    customer: fields.stripeCustomerId,
    status: fields.status,
    metadata: fields.metadata,
    cancel_at_period_end: fields.cancelAtPeriodEnd ?? false,
    ended_at: fields.endedAt ?? null,
    items: {
      object: 'list',
      data: [
        {
          id: `si_${fields.id.slice(4)}`,
          object: 'subscription_item',
          price,
          quantity: 1,
          current_period_start: fields.periodStart,
          current_period_end: fields.periodEnd,
        },
      ],
    },
  };
}

/** A paid subscription invoice for one period, carrying the subscription's metadata snapshot. */
export function buildPaidInvoiceObject(fields: {
  readonly id: string;
  readonly subscriptionId: string;
  readonly stripeCustomerId: string;
  readonly subscriptionMetadata: Record<string, string>;
  readonly billingReason: 'subscription_create' | 'subscription_cycle' | 'subscription_update';
  readonly priceId: string;
  readonly unitAmount: number;
  readonly currency: string;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly paymentIntentId: string | null;
}): Record<string, unknown> {
  return {
    id: fields.id,
    object: 'invoice',
    customer: fields.stripeCustomerId,
    status: 'paid',
    billing_reason: fields.billingReason,
    currency: fields.currency,
    amount_due: fields.unitAmount,
    amount_paid: fields.unitAmount,
    amount_remaining: 0,
    metadata: {},
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: fields.subscriptionId, metadata: fields.subscriptionMetadata },
    },
    // As at Stripe: the invoice's own period is NOT the service period (for a first invoice
    // both ends are the creation time); the line's `period` is. Translation must read the line.
    period_start: fields.periodStart,
    period_end: fields.periodStart,
    lines: {
      object: 'list',
      data: [
        {
          id: `il_${fields.id.slice(3)}`,
          object: 'line_item',
          amount: fields.unitAmount,
          currency: fields.currency,
          period: { start: fields.periodStart, end: fields.periodEnd },
          parent: {
            type: 'subscription_item_details',
            subscription_item_details: { subscription: fields.subscriptionId, proration: false },
          },
          pricing: {
            type: 'price_details',
            price_details: { price: fields.priceId, product: `prod_${fields.priceId.slice(6)}` },
            unit_amount_decimal: String(fields.unitAmount),
          },
          quantity: 1,
        },
      ],
    },
    payments: {
      object: 'list',
      data:
        fields.paymentIntentId === null
          ? []
          : [
              {
                object: 'invoice_payment',
                payment: { type: 'payment_intent', payment_intent: fields.paymentIntentId },
              },
            ],
    },
  };
}

/** A charge, refunded by `amountRefunded` so far (cumulative). */
export function buildChargeObject(fields: {
  readonly id: string;
  readonly paymentIntentId: string | null;
  readonly stripeCustomerId: string | null;
  readonly amount: number;
  readonly amountRefunded: number;
  readonly currency: string;
}): Record<string, unknown> {
  return {
    id: fields.id,
    object: 'charge',
    amount: fields.amount,
    amount_captured: fields.amount,
    amount_refunded: fields.amountRefunded,
    refunded: fields.amountRefunded >= fields.amount,
    currency: fields.currency,
    customer: fields.stripeCustomerId,
    payment_intent: fields.paymentIntentId,
    paid: true,
    status: 'succeeded',
    metadata: {},
  };
}

/** A dispute on a charge: opened (`needs_response`) unless `status` says how it stands or closed. */
export function buildDisputeObject(fields: {
  readonly id: string;
  readonly chargeId: string;
  readonly paymentIntentId: string | null;
  readonly amount: number;
  readonly currency: string;
  readonly status?: string;
}): Record<string, unknown> {
  return {
    id: fields.id,
    object: 'dispute',
    amount: fields.amount,
    currency: fields.currency,
    charge: fields.chargeId,
    payment_intent: fields.paymentIntentId,
    reason: 'fraudulent',
    status: fields.status ?? 'needs_response',
    metadata: {},
  };
}

/** Marks objects made by the offline test checkout, so nobody mistakes them for real payments. */
export const TEST_MODE_METADATA = { [MetadataKey.testMode]: 'true' } as const;
