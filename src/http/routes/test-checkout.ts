/**
 * The offline TEST MODE checkout (tenants without Stripe keys): `GET /test-checkout/:id` is
 * the stand-in for Stripe's hosted page, plainly marked TEST MODE; `POST
 * /test-checkout/:id/pay` signs the checkout's events with the tenant's local secret and posts
 * them through `POST /v1/webhooks/stripe/:tenant_id`, then answers where to send the customer.
 * Public, like a Stripe Checkout URL, but paying needs the checkout's secret (its URL carries it
 * after `#`; the page sends it). Both answer 404 unless test checkouts are open (demo mode or
 * `TOLLGATE_TEST_CHECKOUT=on`). Paying twice delivers the same events, so the ledger grants once.
 */
import { z } from 'zod';
import { fail, ok } from '../../domain/errors.ts';
import { describePayer } from '../checkout/payer.ts';
import { loadTenantPayments } from '../checkout/setup.ts';
import { renderCheckoutPage } from '../checkout/test-checkout-page.ts';
import {
  describeTestCheckout,
  findPendingCheckout,
  holdsCheckoutSecret,
} from '../checkout/test-checkouts.ts';
import { payTestCheckout } from '../checkout/test-pay.ts';
import { defineRoute } from '../route.ts';

const TAG = 'Payments';
const params = z.strictObject({
  id: z.string().min(1).max(100).describe('The test checkout id (`tc_test_…`)'),
});

const payBody = z.strictObject({
  secret: z.string().min(1).max(200).describe("The checkout's secret: what its URL carries after `#`"),
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
      const checkout = deps.testCheckouts ? await findPendingCheckout(deps.engine, path.id) : undefined;
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
      const html = renderCheckoutPage(summary, {
        ...(await describePayer(deps, checkout.tenantId, checkout.customerId)),
        payUrl: `/test-checkout/${checkout.id}/pay`,
        cancelUrl: checkout.cancelUrl,
        paid: checkout.paidAt !== null,
        successUrl: checkout.successUrl.replaceAll('{CHECKOUT_SESSION_ID}', checkout.id),
      });
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
      "Builds the events Stripe would send for this checkout, signs them with the tenant's local secret and posts them to `POST /v1/webhooks/stripe/:tenant_id`. Needs the checkout's `secret` (its URL carries it after `#`). Answers `redirect`, the checkout's success URL. Paying again sends the same events: credits are granted once.",
    access: 'public',
    params,
    body: payBody,
    response: z.object({
      object: z.literal('test_checkout_payment'),
      id: z.string(),
      status: z.literal('paid'),
      redirect: z.string(),
      deliveries: z.array(
        z.object({ event_id: z.string(), event_type: z.string(), status: z.number(), outcome: z.string() }),
      ),
    }),
    errors: ['not_found', 'invalid_request', 'forbidden'],
    handler: async ({ deps, params: path, body, request }) => {
      const checkout = deps.testCheckouts ? await findPendingCheckout(deps.engine, path.id) : undefined;
      if (checkout === undefined) return expired(path.id);
      if (!holdsCheckoutSecret(checkout, body.secret)) {
        return fail('forbidden', "secret is not this checkout's: use the whole checkout URL", 'secret');
      }
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
