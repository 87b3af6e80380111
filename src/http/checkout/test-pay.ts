/**
 * "Pay" on the TEST MODE checkout page: builds the events a real Stripe Checkout would send
 * (`createTestCheckout`), signs them with the tenant's local `whsec_` secret through the SDK's
 * `generateTestHeaderString`, and POSTs each one to `POST /v1/webhooks/stripe/:tenant_id` on
 * this very app (in-process, through Fastify's `inject`), so the raw-body parser, signature
 * check, translation, ledger and status mapping are exactly what real Stripe events meet.
 * Event ids come from the checkout id, so paying twice delivers the same events and grants once.
 */
import type { FastifyInstance } from 'fastify';
import { fail, ok, type Result } from '../../domain/errors.ts';
import { createTestCheckout } from '../../payments/test-checkout.ts';
import { STRIPE_SIGNATURE_HEADER } from '../../payments/webhook.ts';
import type { AppDeps } from '../route.ts';
import { loadTenantPayments } from './setup.ts';
import { deterministicIds, type PendingTestCheckout, testStripeCustomerId } from './test-checkouts.ts';

/** What one delivered event did, as the webhook route answered it. */
export interface TestDelivery {
  readonly eventId: string;
  readonly eventType: string;
  readonly status: number;
  readonly outcome: string;
}

/** Pays a test checkout; answers where to send the customer and what each event did. */
export async function payTestCheckout(
  deps: AppDeps,
  app: FastifyInstance,
  checkout: PendingTestCheckout,
): Promise<Result<{ readonly redirect: string; readonly deliveries: readonly TestDelivery[] }>> {
  const payments = await loadTenantPayments(deps, checkout.tenantId);
  if (!payments.ok) return payments;
  const { setup, catalog } = payments.value;
  if (setup.mode !== 'test') {
    return fail(
      'invalid_request',
      'this tenant now has Stripe keys, so test checkouts are closed: start a new checkout',
      'id',
    );
  }
  const built = createTestCheckout({
    tenantId: checkout.tenantId,
    catalog,
    customer: {
      id: checkout.customerId,
      stripeCustomerId: testStripeCustomerId(checkout.tenantId, checkout.customerId),
    },
    item: checkout.item,
    webhookSecret: setup.webhookSecret,
    now: deps.now(),
    newId: deterministicIds(checkout.id),
  });
  if (!built.ok) return built;
  const deliveries: TestDelivery[] = [];
  for (const delivery of built.value.deliveries) {
    const answer = await app.inject({
      method: 'POST',
      url: `/v1/webhooks/stripe/${encodeURIComponent(checkout.tenantId)}`,
      headers: { 'content-type': 'application/json', [STRIPE_SIGNATURE_HEADER]: delivery.signatureHeader },
      payload: delivery.payload,
    });
    const body = answer.json() as { outcome?: string; error?: { message?: string } };
    const outcome = body.outcome ?? 'error';
    deliveries.push({
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      status: answer.statusCode,
      outcome,
    });
    if (answer.statusCode >= 500) throw new Error(`the webhook route answered ${answer.statusCode}`);
    if (answer.statusCode !== 200 || outcome === 'refused') {
      const reason = body.error?.message ?? `the webhook route answered ${answer.statusCode}`;
      return fail('invalid_request', `the test payment was not accepted: ${reason}`, 'id', { deliveries });
    }
  }
  const marked = await deps.engine.markTestCheckoutPaid(checkout);
  if (!marked.ok) return marked;
  return ok({ redirect: checkout.successUrl.replaceAll('{CHECKOUT_SESSION_ID}', checkout.id), deliveries });
}
