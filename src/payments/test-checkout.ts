/**
 * TEST MODE checkout, for installs without Stripe keys. Instead of sending the customer to
 * Stripe, it builds the events a real checkout would produce, signs them with the tenant's
 * local signing secret using the SDK's own test-header helper, and hands them back to be
 * POSTed to the tenant's Stripe webhook route: the very same verify → translate → ledger path
 * real payments take. No money moves; every object is marked `livemode: false` and
 * `tollgate_test_mode: true`, and every id contains `tollgate_test`.
 *
 * A tenant with real Stripe keys verifies webhooks with its Stripe signing secret, so events
 * signed here never verify there: test mode cannot grant credits on a live tenant.
 */
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { Catalog } from '../domain/catalog.ts';
import { findPack, findPlan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { buildCustomerMetadata, MetadataKey } from './attribution.ts';
import type { CheckoutItem } from './checkout.ts';
import {
  buildCheckoutSessionObject,
  buildPaidInvoiceObject,
  buildStripeEvent,
  type StripeEventJson,
  TEST_MODE_METADATA,
} from './test-events.ts';

/** Shown on the test checkout page and in answers: this is not a payment. */
export const TEST_MODE_NOTICE =
  'TEST MODE: no Stripe keys are configured, so no money moves. This checkout signs its own event ' +
  'and sends it through the Stripe webhook handler so the purchase flow can be tried offline.';

/** One event ready to POST to `/v1/webhooks/stripe/:tenant_id`: the raw body and its signature header. */
export interface SignedStripeDelivery {
  readonly eventId: string;
  readonly eventType: string;
  readonly payload: string;
  readonly signatureHeader: string;
}

export interface TestCheckoutInput {
  readonly tenantId: string;
  readonly catalog: Catalog;
  readonly customer: { readonly id: string; readonly stripeCustomerId: string | null };
  readonly item: CheckoutItem;
  /** The tenant's local signing secret (`resolveStripeSetup(...)` in `test` mode). */
  readonly webhookSecret: string;
  /** Epoch ms. */
  readonly now: number;
  /** Makes unique id suffixes; random by default, fixed in tests. */
  readonly newId?: () => string;
}

export interface TestCheckout {
  readonly testMode: true;
  readonly notice: string;
  readonly sessionId: string;
  readonly mode: 'payment' | 'subscription';
  /** POST these in order: a pack has one event, a plan two (session completed, first invoice paid). */
  readonly deliveries: readonly SignedStripeDelivery[];
}

/** Builds and signs the events of a successful checkout for a pack or a plan, in test mode. */
export function createTestCheckout(input: TestCheckoutInput): Result<TestCheckout> {
  const newId = input.newId ?? (() => randomBytes(12).toString('hex'));
  const created = Math.floor(input.now / 1000);
  const currency = input.catalog.currency.toLowerCase();
  const stripeCustomerId = input.customer.stripeCustomerId ?? `cus_tollgate_test_${newId()}`;
  const owner = { ...buildCustomerMetadata(input.tenantId, input.customer.id), ...TEST_MODE_METADATA };
  const sessionId = `cs_tollgate_test_${newId()}`;
  const common = {
    id: sessionId,
    paymentStatus: 'paid' as const,
    clientReferenceId: input.customer.id,
    stripeCustomerId,
    currency,
    created,
  };
  const sign = (event: StripeEventJson) => signTestEvent(event, input.webhookSecret, input.now);

  if ('pack' in input.item) {
    const pack = findPack(input.catalog, input.item.pack);
    if (pack === undefined) return fail('unknown_pack', `no pack ${input.item.pack} in the catalog`, 'pack');
    const session = buildCheckoutSessionObject({
      ...common,
      mode: 'payment',
      metadata: { ...owner, [MetadataKey.packId]: pack.id },
      amountTotal: pack.priceCents,
      paymentIntentId: `pi_tollgate_test_${newId()}`,
      subscriptionId: null,
    });
    const event = buildStripeEvent('checkout.session.completed', session, {
      id: `evt_tollgate_test_${newId()}`,
      created,
    });
    return ok({
      testMode: true,
      notice: TEST_MODE_NOTICE,
      sessionId,
      mode: 'payment',
      deliveries: [sign(event)],
    });
  }

  const plan = findPlan(input.catalog, input.item.plan);
  if (plan === undefined) return fail('unknown_plan', `no plan ${input.item.plan} in the catalog`, 'plan');
  if (plan.priceCents <= 0)
    return fail('invalid_request', `plan ${plan.id} is free: no checkout needed`, 'plan');
  const subscriptionId = `sub_tollgate_test_${newId()}`;
  const subscriptionMetadata = { ...owner, [MetadataKey.planId]: plan.id };
  const session = buildCheckoutSessionObject({
    ...common,
    mode: 'subscription',
    metadata: subscriptionMetadata,
    amountTotal: plan.priceCents,
    paymentIntentId: null,
    subscriptionId,
  });
  const invoice = buildPaidInvoiceObject({
    id: `in_tollgate_test_${newId()}`,
    subscriptionId,
    stripeCustomerId,
    subscriptionMetadata,
    billingReason: 'subscription_create',
    priceId: `price_tollgate_test_${plan.id}`,
    unitAmount: plan.priceCents,
    currency,
    periodStart: created,
    periodEnd: addOneMonth(created),
    paymentIntentId: `pi_tollgate_test_${newId()}`,
  });
  const deliveries = [
    sign(
      buildStripeEvent('checkout.session.completed', session, {
        id: `evt_tollgate_test_${newId()}`,
        created,
      }),
    ),
    sign(buildStripeEvent('invoice.paid', invoice, { id: `evt_tollgate_test_${newId()}`, created })),
  ];
  return ok({ testMode: true, notice: TEST_MODE_NOTICE, sessionId, mode: 'subscription', deliveries });
}

/**
 * Signs an event with the SDK's `generateTestHeaderString`, exactly as Stripe would sign it
 * with that secret. Also used to replay refunds, renewals and disputes in test mode.
 */
export function signTestEvent(event: StripeEventJson, secret: string, now: number): SignedStripeDelivery {
  const payload = JSON.stringify(event);
  const signatureHeader = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: Math.floor(now / 1000),
  });
  return { eventId: event.id, eventType: event.type, payload, signatureHeader };
}

/** The same day of the next month (clamped to its last day), in epoch seconds, UTC. */
function addOneMonth(epochSeconds: number): number {
  const date = new Date(epochSeconds * 1000);
  const day = date.getUTCDate();
  const next = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  next.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
  return Math.floor(next.getTime() / 1000);
}
