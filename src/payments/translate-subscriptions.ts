/**
 * Translation of the subscription side: `invoice.paid` (one allowance per paid period) and
 * `customer.subscription.updated` / `.deleted` (plan changes and the fall back to the default
 * plan). Reads both the current API shape and the pre-2025 one (see `stripe-object.ts`).
 */
import type { Catalog, Plan } from '../domain/catalog.ts';
import { defaultPlan } from '../domain/catalog.ts';
import { cents, credits } from '../domain/credits.ts';
import { MetadataKey, readCustomerRef, readObjectMetadata, readStripeCustomerId } from './attribution.ts';
import type { PaymentCommand } from './commands.ts';
import { baseOf, ignoreEvent, type StripeEventLike } from './event-base.ts';
import { parseUnitAmountDecimal, resolvePlan } from './plan-match.ts';
import {
  readBoolean,
  readId,
  readInteger,
  readListData,
  readRecord,
  readString,
  secondsToMs,
} from './stripe-object.ts';

/** Subscription statuses in which the customer has the plan. */
const LIVE_STATUSES = new Set(['active', 'trialing']);
/** Statuses after which the subscription will never charge again. */
const ENDED_STATUSES = new Set(['canceled', 'unpaid', 'incomplete_expired']);

/** A paid subscription invoice grants its plan's allowance for the invoiced period. */
export function translateInvoicePaid(event: StripeEventLike, catalog: Catalog): PaymentCommand {
  const invoice = event.data.object;
  const invoiceId = readString(invoice, 'id');
  const subscriptionDetails = readRecord(readRecord(invoice, 'parent'), 'subscription_details');
  const subscriptionId = readId(subscriptionDetails, 'subscription') ?? readId(invoice, 'subscription');
  if (invoiceId === undefined || subscriptionId === undefined) {
    return ignoreEvent(event, 'the invoice is not for a subscription');
  }
  const { customerId } = readCustomerRef(invoice);
  if (customerId === null) return ignoreEvent(event, `paid invoice ${invoiceId} names no customer`, true);

  const line = pickSubscriptionLine(invoice);
  if (readString(invoice, 'billing_reason') === 'subscription_update' && isProration(line)) {
    // An upgrade billed at once: its credits come with customer.subscription.updated (prorated).
    return ignoreEvent(event, `invoice ${invoiceId} bills a plan change's proration, not a new period`);
  }
  const linePrice =
    readRecord(line, 'price') ?? readRecord(readRecord(line, 'pricing'), 'price_details')?.price;
  const billed =
    parseUnitAmountDecimal(readString(readRecord(line, 'pricing'), 'unit_amount_decimal')) ??
    readInteger(readRecord(line, 'price'), 'unit_amount') ??
    readInteger(readRecord(line, 'plan'), 'amount');
  const plan = resolvePlan(catalog, {
    price: linePrice,
    unitAmountCents: billed,
    metadataPlanId: readString(readObjectMetadata(invoice), MetadataKey.planId),
  });
  if (plan === undefined)
    return ignoreEvent(event, `paid invoice ${invoiceId} matches no catalog plan`, true);
  const currency = readString(invoice, 'currency')?.toLowerCase();
  if (currency !== undefined && currency !== catalog.currency.toLowerCase()) {
    return ignoreEvent(
      event,
      `paid invoice ${invoiceId} is in ${currency}, the catalog in ${catalog.currency.toLowerCase()}`,
      true,
    );
  }
  if (billed !== undefined && billed !== plan.priceCents && !isTaggedPrice(linePrice, plan)) {
    return ignoreEvent(
      event,
      `paid invoice ${invoiceId} bills ${billed} for plan ${plan.id}, priced ${plan.priceCents}`,
      true,
    );
  }

  const period = readRecord(line, 'period');
  const periodStart = readInteger(period, 'start') ?? readInteger(invoice, 'period_start');
  const periodEnd = readInteger(period, 'end') ?? readInteger(invoice, 'period_end');
  if (periodStart === undefined || periodEnd === undefined) {
    return ignoreEvent(event, `paid invoice ${invoiceId} names no period`, true);
  }
  const firstPayment = readRecord(readListData(invoice, 'payments')[0], 'payment');
  return {
    kind:
      readString(invoice, 'billing_reason') === 'subscription_create' ? 'start_subscription' : 'renew_plan',
    ...baseOf(event),
    invoiceId,
    subscriptionId,
    customerId,
    stripeCustomerId: readStripeCustomerId(invoice),
    planId: plan.id,
    credits: credits(plan.monthlyCredits),
    periodStart: secondsToMs(periodStart),
    periodEnd: secondsToMs(periodEnd),
    paymentRef: readId(invoice, 'payment_intent') ?? readId(firstPayment, 'payment_intent') ?? null,
    amountPaidCents: cents(readInteger(invoice, 'amount_paid') ?? 0),
  };
}

/** Whether the operator tagged the Stripe Price as this plan (metadata or lookup key): its amount is theirs to set. */
function isTaggedPrice(price: unknown, plan: Plan): boolean {
  const tagged =
    readString(readRecord(price, 'metadata'), MetadataKey.planId) ?? readString(price, 'lookup_key');
  return tagged === plan.id;
}

/** An updated subscription changes the plan; a deleted (or dead) one falls back to the default plan. */
export function translateSubscriptionChange(event: StripeEventLike, catalog: Catalog): PaymentCommand {
  const subscription = event.data.object;
  const subscriptionId = readString(subscription, 'id');
  if (subscriptionId === undefined) return ignoreEvent(event, 'the subscription has no id');
  const { customerId } = readCustomerRef(subscription);
  if (customerId === null)
    return ignoreEvent(event, `subscription ${subscriptionId} names no customer`, true);
  const status = readString(subscription, 'status') ?? 'unknown';
  const item = readListData(subscription, 'items')[0];
  const plan = resolveSubscriptionPlan(catalog, subscription, item);
  const stripeCustomerId = readStripeCustomerId(subscription);

  if (event.type === 'customer.subscription.deleted' || ENDED_STATUSES.has(status)) {
    const fallback = defaultPlan(catalog);
    if (fallback === undefined) return ignoreEvent(event, 'the catalog has no default plan', true);
    const endedAt = readInteger(subscription, 'ended_at') ?? event.created;
    return {
      kind: 'cancel_plan',
      ...baseOf(event),
      subscriptionId,
      customerId,
      stripeCustomerId,
      previousPlanId: plan?.id ?? null,
      downgradeToPlanId: fallback.id,
      endedAt: secondsToMs(endedAt),
    };
  }
  if (!LIVE_STATUSES.has(status)) return ignoreEvent(event, `subscription status ${status} changes no plan`);
  if (plan === undefined)
    return ignoreEvent(event, `subscription ${subscriptionId} matches no catalog plan`, true);
  const periodStart =
    readInteger(item, 'current_period_start') ?? readInteger(subscription, 'current_period_start');
  const periodEnd =
    readInteger(item, 'current_period_end') ?? readInteger(subscription, 'current_period_end');
  return {
    kind: 'change_plan',
    ...baseOf(event),
    subscriptionId,
    customerId,
    stripeCustomerId,
    planId: plan.id,
    periodStart: periodStart === undefined ? null : secondsToMs(periodStart),
    periodEnd: periodEnd === undefined ? null : secondsToMs(periodEnd),
    cancelAtPeriodEnd: readBoolean(subscription, 'cancel_at_period_end') ?? false,
  };
}

/** The plan of a subscription, from its first item's price (legacy: its `plan`) and its metadata. */
function resolveSubscriptionPlan(catalog: Catalog, subscription: unknown, item: unknown): Plan | undefined {
  const price = readRecord(item, 'price') ?? readRecord(item, 'plan');
  return resolvePlan(catalog, {
    price,
    unitAmountCents: readInteger(price, 'unit_amount') ?? readInteger(price, 'amount'),
    metadataPlanId: readString(readRecord(subscription, 'metadata'), MetadataKey.planId),
  });
}

/**
 * The invoice line that bills the subscription's plan for the new period: a non-proration
 * subscription item line when there is one, else the last line (prorations come first).
 */
function pickSubscriptionLine(invoice: unknown): unknown {
  const lines = readListData(invoice, 'lines');
  const regular = lines.find((line) => isProration(line) === false);
  return regular ?? lines[lines.length - 1];
}

/** Whether an invoice line is a proration (true), a regular period (false), or cannot be told. */
function isProration(line: unknown): boolean | undefined {
  const details = readRecord(readRecord(line, 'parent'), 'subscription_item_details');
  return readBoolean(details, 'proration') ?? readBoolean(line, 'proration');
}
