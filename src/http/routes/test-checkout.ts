/**
 * The offline TEST MODE checkout (tenants without Stripe keys): `GET /test-checkout/:id` is
 * the stand-in for Stripe's hosted page, plainly marked TEST MODE; `POST
 * /test-checkout/:id/pay` signs the checkout's events with the tenant's local secret and posts
 * them through `POST /v1/webhooks/stripe/:tenant_id`, then answers where to send the customer.
 * Public, like a Stripe Checkout URL: the unguessable id is the capability. Paying twice
 * delivers the same events, so the ledger grants once.
 */
import { z } from 'zod';
import { fail, ok } from '../../domain/errors.ts';
import { loadTenantPayments } from '../checkout/setup.ts';
import { renderCheckoutPage } from '../checkout/test-checkout-page.ts';
import { describeTestCheckout, testCheckoutsFor } from '../checkout/test-checkouts.ts';
import { payTestCheckout } from '../checkout/test-pay.ts';
import { defineRoute } from '../route.ts';

const TAG = 'Payments';
const params = z.strictObject({
  id: z.string().min(1).max(100).describe('The test checkout id (`tc_test_…`)'),
});

const expired = (id: string) =>
  fail('not_found', `no test checkout ${id}: it expired or the server restarted; start a new checkout`, 'id');

export const testCheckoutRoutes = [
  defineRoute({
    method: 'GET',
    url: '/test-checkout/:id',
    operationId: 'testCheckoutPage',
    tag: TAG,
    summary: 'The TEST MODE checkout page (no Stripe keys: no money moves)',
    access: 'public',
    raw: true,
    params,
    handler: async ({ deps, params: path, reply }) => {
      const checkout = testCheckoutsFor(deps.engine, deps.now).find(path.id);
      const payments = checkout === undefined ? null : await loadTenantPayments(deps, checkout.tenantId);
      const summary =
        checkout === undefined || payments === null || !payments.ok
          ? null
          : describeTestCheckout(payments.value.catalog, checkout.item);
      if (checkout === undefined || summary === null) {
        await reply
          .status(404)
          .type('text/plain; charset=utf-8')
          .send('This test checkout has expired or does not exist. Go back and start again.');
        return null;
      }
      const html = renderCheckoutPage(summary, `/test-checkout/${checkout.id}/pay`, checkout.cancelUrl);
      await reply
        .status(200)
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .type('text/html; charset=utf-8')
        .send(html);
      return null;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/test-checkout/:id/pay',
    operationId: 'payTestCheckout',
    tag: TAG,
    summary: 'Pay a TEST MODE checkout: signed events through the Stripe webhook route',
    description:
      "Builds the events Stripe would send for this checkout, signs them with the tenant's local secret and posts them to `POST /v1/webhooks/stripe/:tenant_id`. Answers `redirect`, the checkout's success URL. Paying again sends the same events: credits are granted once.",
    access: 'public',
    params,
    response: z.object({
      object: z.literal('test_checkout_payment'),
      id: z.string(),
      status: z.literal('paid'),
      redirect: z.string(),
      deliveries: z.array(
        z.object({ event_id: z.string(), event_type: z.string(), status: z.number(), outcome: z.string() }),
      ),
    }),
    errors: ['not_found', 'invalid_request'],
    handler: async ({ deps, params: path, request }) => {
      const checkout = testCheckoutsFor(deps.engine, deps.now).find(path.id);
      if (checkout === undefined) return expired(path.id);
      const paid = await payTestCheckout(deps, request.server, checkout);
      if (!paid.ok) return paid;
      return ok({
        object: 'test_checkout_payment' as const,
        id: checkout.id,
        status: 'paid' as const,
        redirect: paid.value.redirect,
        deliveries: paid.value.deliveries.map((d) => ({
          event_id: d.eventId,
          event_type: d.eventType,
          status: d.status,
          outcome: d.outcome,
        })),
      });
    },
  }),
];
