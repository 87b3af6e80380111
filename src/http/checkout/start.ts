/**
 * Starting a checkout for one customer, whoever asks (`POST /v1/checkout`, the studio): a
 * Stripe Checkout Session when the tenant has Stripe keys (its own or the environment's),
 * reusing the customer's Stripe customer or creating and remembering one; otherwise a TEST
 * MODE checkout served by Tollgate at `/test-checkout/:id`. Nothing is granted here: credits
 * arrive only with the verified webhook.
 */
import { createHash } from 'node:crypto';
import { ok, type Result } from '../../domain/errors.ts';
import { type CheckoutItem, createCheckout } from '../../payments/checkout.ts';
import { createTestCheckout } from '../../payments/test-checkout.ts';
import type { AppDeps } from '../route.ts';
import { startPlanChange } from './plan-change.ts';
import { loadTenantPayments, stripeClientFor } from './setup.ts';
import { callStripe, paymentsNotConfigured } from './stripe-call.ts';
import { openPendingCheckout, testCheckoutUrl } from './test-checkouts.ts';

export interface StartCheckoutInput {
  readonly tenantId: string;
  readonly customerId: string;
  readonly item: CheckoutItem;
  readonly successUrl: string;
  readonly cancelUrl: string;
  /** Scopes Stripe's idempotency (with the tenant and customer): a retried request makes one session. */
  readonly idempotencyKey: string;
  /** Base URL of the test checkout page: `PUBLIC_URL` for API callers, '' (same origin) for the studio. */
  readonly testPageBase: string;
}

export interface StartedCheckout {
  readonly id: string;
  readonly url: string;
  /** `subscription_update`: the customer already subscribes, so the URL changes that subscription. */
  readonly mode: 'payment' | 'subscription' | 'subscription_update';
  readonly testMode: boolean;
}

/** The idempotency key of a checkout request (Stripe's, and the test checkouts'): scoped to tenant and customer. */
function stripeIdempotencyKey(input: StartCheckoutInput): string {
  const digest = createHash('sha256')
    .update(`${input.tenantId}\n${input.customerId}\n${input.idempotencyKey}`)
    .digest('hex');
  return `tollgate-checkout-${digest}`;
}

/**
 * Starts a checkout. Unknown customers, packs and plans and free plans are `Result` refusals
 * naming the field; an idempotency clash at Stripe is `idempotency_conflict`; Stripe being
 * unreachable or refusing the keys throws `PaymentProviderError`.
 */
export async function startCheckout(
  deps: AppDeps,
  input: StartCheckoutInput,
): Promise<Result<StartedCheckout>> {
  const customer = await deps.engine.getCustomer(input.tenantId, input.customerId);
  if (!customer.ok) return customer;
  const payments = await loadTenantPayments(deps, input.tenantId);
  if (!payments.ok) return payments;
  const { catalog, setup } = payments.value;
  if ('plan' in input.item) {
    // One plan subscription per customer: a subscriber changes the one they have.
    const current = await deps.engine.findCurrentSubscription(input.tenantId, input.customerId);
    if (!current.ok) return current;
    if (current.value !== null) {
      return startPlanChange(deps, { ...input, item: input.item }, current.value, payments.value);
    }
  }

  if (setup.mode === 'test') {
    if (!deps.testCheckouts) return paymentsNotConfigured(input.tenantId);
    // Validates the item exactly as the paid checkout will (unknown pack, free plan, ...).
    const probe = createTestCheckout({
      tenantId: input.tenantId,
      catalog,
      customer: { id: input.customerId, stripeCustomerId: null },
      item: input.item,
      webhookSecret: setup.webhookSecret,
      now: deps.now(),
    });
    if (!probe.ok) return probe;
    const opened = await openPendingCheckout(
      deps.engine,
      {
        tenantId: input.tenantId,
        customerId: input.customerId,
        item: input.item,
        successUrl: input.successUrl,
        cancelUrl: input.cancelUrl,
      },
      stripeIdempotencyKey(input),
    );
    if (!opened.ok) return opened;
    const checkout = opened.value;
    return ok({
      id: checkout.id,
      url: testCheckoutUrl(input.testPageBase, checkout),
      mode: 'pack' in checkout.item ? 'payment' : 'subscription',
      testMode: true,
    });
  }

  const known = await deps.engine.findStripeCustomer(input.tenantId, input.customerId);
  if (!known.ok) return known;
  return callStripe(async () => {
    const link = await createCheckout({
      stripe: stripeClientFor(setup),
      catalog,
      customer: {
        tenantId: input.tenantId,
        id: input.customerId,
        email: customer.value.customer.email,
        stripeCustomerId: known.value,
      },
      item: input.item,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      idempotencyKey: stripeIdempotencyKey(input),
    });
    if (!link.ok) return link;
    if (link.value.stripeCustomerId !== known.value) {
      const linked = await deps.engine.linkStripeCustomer({
        tenantId: input.tenantId,
        customerId: input.customerId,
        stripeCustomerId: link.value.stripeCustomerId,
      });
      if (!linked.ok) return linked;
    }
    return ok({ id: link.value.sessionId, url: link.value.url, mode: link.value.mode, testMode: false });
  });
}
