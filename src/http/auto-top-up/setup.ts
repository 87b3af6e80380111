/**
 * Saving a card for auto top-up (`POST /v1/customers/:id/auto-top-up/setup`, issue 17 item 1):
 * a Stripe Checkout Session in `setup` mode for the customer's Stripe customer (made and
 * remembered if they have none). The card is saved only by the verified
 * `setup_intent.succeeded` webhook. In TEST MODE there is no page: the chosen test card's
 * signed `setup_intent.succeeded` goes through this app's webhook route at once.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { fail, ok, type Result } from '../../domain/errors.ts';
import { createSetupCheckout } from '../../payments/auto-top-up.ts';
import { signTestSetup, TEST_CARD_OK } from '../../payments/test-auto-top-up.ts';
import { STRIPE_SIGNATURE_HEADER } from '../../payments/webhook.ts';
import { loadTenantPayments, stripeClientFor } from '../checkout/setup.ts';
import { callStripe, paymentsNotConfigured } from '../checkout/stripe-call.ts';
import { testStripeCustomerId } from '../checkout/test-checkouts.ts';
import type { AppDeps } from '../route.ts';

export interface StartSetupInput {
  readonly tenantId: string;
  readonly customerId: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly idempotencyKey: string;
  /** TEST MODE only. */
  readonly testPaymentMethod: string | undefined;
}

export interface StartedSetup {
  readonly id: string;
  readonly url: string;
  readonly testMode: boolean;
}

function setupDigest(input: StartSetupInput): string {
  return createHash('sha256')
    .update(`${input.tenantId}\n${input.customerId}\n${input.idempotencyKey}`)
    .digest('hex')
    .slice(0, 32);
}

/** Opens the setup Checkout (or, in TEST MODE, saves the test card). */
export async function startAutoTopUpSetup(
  deps: AppDeps,
  app: FastifyInstance,
  input: StartSetupInput,
): Promise<Result<StartedSetup>> {
  const customer = await deps.engine.getCustomer(input.tenantId, input.customerId);
  if (!customer.ok) return customer;
  const payments = await loadTenantPayments(deps, input.tenantId);
  if (!payments.ok) return payments;
  const { catalog, setup } = payments.value;
  if (setup.mode === 'test') {
    if (!deps.testCheckouts) return paymentsNotConfigured(input.tenantId);
    const delivery = signTestSetup({
      tenantId: input.tenantId,
      customerId: input.customerId,
      stripeCustomerId: testStripeCustomerId(input.tenantId, input.customerId),
      paymentMethodId: input.testPaymentMethod ?? TEST_CARD_OK,
      setupId: setupDigest(input),
      webhookSecret: setup.webhookSecret,
      now: deps.now(),
    });
    const answer = await app.inject({
      method: 'POST',
      url: `/v1/webhooks/stripe/${encodeURIComponent(input.tenantId)}`,
      headers: { 'content-type': 'application/json', [STRIPE_SIGNATURE_HEADER]: delivery.signatureHeader },
      payload: delivery.payload,
    });
    if (answer.statusCode !== 200)
      throw new Error(`the webhook route answered ${answer.statusCode}: ${answer.body}`);
    return ok({ id: `cs_tollgate_test_setup_${setupDigest(input)}`, url: input.successUrl, testMode: true });
  }
  if (input.testPaymentMethod !== undefined) {
    return fail(
      'invalid_request',
      'test_payment_method is for TEST MODE only: this tenant has Stripe keys',
      'test_payment_method',
    );
  }
  const known = await deps.engine.findStripeCustomer(input.tenantId, input.customerId);
  if (!known.ok) return known;
  return callStripe(async () => {
    const link = await createSetupCheckout({
      stripe: stripeClientFor(setup),
      customer: {
        tenantId: input.tenantId,
        id: input.customerId,
        email: customer.value.customer.email,
        stripeCustomerId: known.value,
      },
      currency: catalog.currency.toLowerCase(),
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      idempotencyKey: `tollgate-auto-top-up-setup-${setupDigest(input)}`,
    });
    if (link.stripeCustomerId !== known.value) {
      const linked = await deps.engine.linkStripeCustomer({
        tenantId: input.tenantId,
        customerId: input.customerId,
        stripeCustomerId: link.stripeCustomerId,
      });
      if (!linked.ok) return linked;
    }
    return ok({ id: link.sessionId, url: link.url, testMode: false });
  });
}
