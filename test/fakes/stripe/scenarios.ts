/**
 * What happens at Stripe after Tollgate's requests: the customer pays a Checkout, a
 * subscription renews, changes price or ends, a charge is refunded or disputed. Each scenario
 * updates the fake's objects and answers the events Stripe would send, built with the same
 * builders as the offline test checkout (`src/payments/test-events.ts`).
 */
import {
  buildChargeObject,
  buildDisputeObject,
  buildPaidInvoiceObject,
  buildStripeEvent,
  buildSubscriptionObject,
  type StripeEventJson,
} from '../../../src/payments/test-events.ts';
import type { FormObject } from './form.ts';
import { type FakeStripeState, newStripeId, type StripeObject } from './state.ts';

const MONTH_SECONDS = 30 * 24 * 60 * 60;

/** Records an event and answers it. */
function emit(state: FakeStripeState, type: string, object: StripeObject): StripeEventJson {
  const event = buildStripeEvent(type, structuredClone(object), {
    id: newStripeId('evt'),
    created: state.clock(),
  });
  state.events.push(event as unknown as StripeObject);
  return event;
}

function mustGet(table: Map<string, StripeObject>, id: string, kind: string): StripeObject {
  const object = table.get(id);
  if (object === undefined) throw new Error(`fake Stripe has no ${kind} ${id}`);
  return object;
}

/** A paid charge and its PaymentIntent id. */
function createCharge(
  state: FakeStripeState,
  amount: number,
  currency: string,
  customer: string | null,
): StripeObject {
  const charge = buildChargeObject({
    id: newStripeId('ch'),
    paymentIntentId: newStripeId('pi'),
    stripeCustomerId: customer,
    amount,
    amountRefunded: 0,
    currency,
  });
  state.charges.set(charge.id as string, charge);
  return charge;
}

/**
 * The customer finishes a Checkout. `paid: false` completes it unpaid (a delayed payment
 * method). Pack: `checkout.session.completed`. Plan: the session, the subscription and its
 * first paid invoice.
 */
export function completeCheckout(
  state: FakeStripeState,
  sessionId: string,
  options: { readonly paid?: boolean } = {},
): StripeEventJson[] {
  const session = mustGet(state.checkoutSessions, sessionId, 'checkout session');
  const paid = options.paid ?? true;
  const amount = session.amount_total as number;
  const currency = session.currency as string;
  const customer = (session.customer as string | null) ?? null;
  session.status = 'complete';
  session.payment_status = paid ? 'paid' : 'unpaid';
  if (session.mode === 'payment') {
    if (paid) session.payment_intent = createCharge(state, amount, currency, customer).payment_intent;
    return [emit(state, 'checkout.session.completed', session)];
  }
  if (customer === null) throw new Error('a subscription checkout needs a customer');
  const now = state.clock();
  const metadata = readMetadata((session.subscription_data as FormObject).metadata);
  const subscription = buildSubscriptionObject({
    id: newStripeId('sub'),
    stripeCustomerId: customer,
    status: 'active',
    metadata,
    priceId: newStripeId('price'),
    unitAmount: amount,
    currency,
    periodStart: now,
    periodEnd: now + MONTH_SECONDS,
  });
  state.subscriptions.set(subscription.id as string, subscription);
  session.subscription = subscription.id;
  return [
    emit(state, 'checkout.session.completed', session),
    emit(state, 'customer.subscription.created', subscription),
    emit(state, 'invoice.paid', invoiceFor(state, subscription, 'subscription_create')),
  ];
}

/** The subscription's next period is billed and paid: `invoice.paid` (subscription_cycle). */
export function renewSubscription(state: FakeStripeState, subscriptionId: string): StripeEventJson[] {
  const subscription = mustGet(state.subscriptions, subscriptionId, 'subscription');
  const item = firstItem(subscription);
  item.current_period_start = item.current_period_end;
  item.current_period_end = (item.current_period_end as number) + MONTH_SECONDS;
  return [emit(state, 'invoice.paid', invoiceFor(state, subscription, 'subscription_cycle'))];
}

/** The customer switches price in the portal: `customer.subscription.updated`. */
export function changeSubscriptionPrice(
  state: FakeStripeState,
  subscriptionId: string,
  unitAmount: number,
): StripeEventJson[] {
  const subscription = mustGet(state.subscriptions, subscriptionId, 'subscription');
  const item = firstItem(subscription);
  item.price = { ...(item.price as StripeObject), id: newStripeId('price'), unit_amount: unitAmount };
  return [emit(state, 'customer.subscription.updated', subscription)];
}

/**
 * The customer confirms the plan change a portal session opened on
 * (`subscription_update_confirm`): the item moves to that Price, `customer.subscription.updated`.
 */
export function confirmPortalPlanChange(state: FakeStripeState, portalSessionId: string): StripeEventJson[] {
  const session = mustGet(state.portalSessions, portalSessionId, 'portal session');
  const flow = session.flow as {
    subscription_update_confirm: { subscription: string; items: { price: string }[] };
  } | null;
  if (flow === null) throw new Error(`portal session ${portalSessionId} opened on no flow`);
  const confirm = flow.subscription_update_confirm;
  const subscription = mustGet(state.subscriptions, confirm.subscription, 'subscription');
  const price = mustGet(state.prices, confirm.items[0]?.price ?? '', 'price');
  firstItem(subscription).price = structuredClone(price);
  return [emit(state, 'customer.subscription.updated', subscription)];
}

/** The subscription ends: `customer.subscription.deleted`. */
export function cancelSubscription(state: FakeStripeState, subscriptionId: string): StripeEventJson[] {
  const subscription = mustGet(state.subscriptions, subscriptionId, 'subscription');
  subscription.status = 'canceled';
  subscription.ended_at = state.clock();
  return [emit(state, 'customer.subscription.deleted', subscription)];
}

/** Refunds `amount` more of a charge (all of it by default): `charge.refunded`. */
export function refundCharge(state: FakeStripeState, chargeId: string, amount?: number): StripeEventJson[] {
  const charge = mustGet(state.charges, chargeId, 'charge');
  const total = charge.amount as number;
  const refunded = Math.min(total, (charge.amount_refunded as number) + (amount ?? total));
  charge.amount_refunded = refunded;
  charge.refunded = refunded >= total;
  return [emit(state, 'charge.refunded', charge)];
}

/** The cardholder disputes a charge: `charge.dispute.created`. */
export function disputeCharge(state: FakeStripeState, chargeId: string): StripeEventJson[] {
  const charge = mustGet(state.charges, chargeId, 'charge');
  const dispute = buildDisputeObject({
    id: newStripeId('dp'),
    chargeId,
    paymentIntentId: (charge.payment_intent as string | null) ?? null,
    amount: charge.amount as number,
    currency: charge.currency as string,
  });
  state.disputes.set(dispute.id as string, dispute);
  return [emit(state, 'charge.dispute.created', dispute)];
}

/** The dispute ends: `charge.dispute.closed` with status `won`, `lost` or `warning_closed`. */
export function closeDispute(
  state: FakeStripeState,
  disputeId: string,
  status: 'won' | 'lost' | 'warning_closed',
): StripeEventJson[] {
  const dispute = mustGet(state.disputes, disputeId, 'dispute');
  dispute.status = status;
  return [emit(state, 'charge.dispute.closed', dispute)];
}

/** The charge that paid a PaymentIntent. */
export function findChargeByPaymentIntent(
  state: FakeStripeState,
  paymentIntentId: string,
): StripeObject | undefined {
  return [...state.charges.values()].find((charge) => charge.payment_intent === paymentIntentId);
}

function invoiceFor(
  state: FakeStripeState,
  subscription: StripeObject,
  billingReason: 'subscription_create' | 'subscription_cycle',
): StripeObject {
  const item = firstItem(subscription);
  const price = item.price as StripeObject;
  const amount = price.unit_amount as number;
  const charge = createCharge(state, amount, price.currency as string, subscription.customer as string);
  const invoice = buildPaidInvoiceObject({
    id: newStripeId('in'),
    subscriptionId: subscription.id as string,
    stripeCustomerId: subscription.customer as string,
    subscriptionMetadata: subscription.metadata as Record<string, string>,
    billingReason,
    priceId: price.id as string,
    unitAmount: amount,
    currency: price.currency as string,
    periodStart: item.current_period_start as number,
    periodEnd: item.current_period_end as number,
    paymentIntentId: charge.payment_intent as string,
  });
  state.invoices.set(invoice.id as string, invoice);
  return invoice;
}

function firstItem(subscription: StripeObject): StripeObject {
  const item = (subscription.items as { data: StripeObject[] }).data[0];
  if (item === undefined) throw new Error(`subscription ${String(subscription.id)} has no item`);
  return item;
}

function readMetadata(value: unknown): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return metadata;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') metadata[key] = entry;
  return metadata;
}

/**
 * The customer completes a setup-mode Checkout, saving `paymentMethod` (Stripe's test names:
 * `pm_card_visa`, `pm_card_chargeDeclined`, `pm_card_authenticationRequired`):
 * `checkout.session.completed` and `setup_intent.succeeded`, whose metadata is the session's
 * `setup_intent_data[metadata]`.
 */
export function completeSetup(
  state: FakeStripeState,
  sessionId: string,
  paymentMethod = 'pm_card_visa',
): StripeEventJson[] {
  const session = mustGet(state.checkoutSessions, sessionId, 'checkout session');
  if (session.mode !== 'setup') throw new Error(`checkout session ${sessionId} is not in setup mode`);
  const customer = session.customer as string | null;
  if (customer === null) throw new Error('a setup checkout needs a customer');
  const intent: StripeObject = {
    id: newStripeId('seti'),
    object: 'setup_intent',
    status: 'succeeded',
    usage: 'off_session',
    customer,
    payment_method: paymentMethod,
    metadata: readMetadata((session.setup_intent_data as FormObject).metadata),
    created: state.clock(),
    livemode: false,
  };
  state.setupIntents.set(intent.id as string, intent);
  state.paymentMethods.set(paymentMethod, customer);
  session.status = 'complete';
  session.setup_intent = intent.id;
  return [emit(state, 'checkout.session.completed', session), emit(state, 'setup_intent.succeeded', intent)];
}

/** The events emitted so far of one type (`payment_intent.succeeded`, ...), oldest first. */
export function eventsOfType(state: FakeStripeState, type: string): StripeEventJson[] {
  return state.events.filter((event) => event.type === type) as unknown as StripeEventJson[];
}
