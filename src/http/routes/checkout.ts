/**
 * Checkout: `POST /v1/checkout` answers the URL to send a customer to for a pack (one-time
 * payment) or a plan (monthly subscription), `POST /v1/checkout/portal` a Stripe customer
 * portal link for plan changes, and `GET /checkout/return` the default page a customer lands
 * on afterwards. Called with the tenant's secret key, or from the browser with a customer
 * session token that has the `checkout` scope (for that customer only). Credits are never
 * granted here; they come from the verified Stripe webhook.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { fail, ok, type Result } from '../../domain/errors.ts';
import { openBillingPortal } from '../checkout/portal.ts';
import { startCheckout } from '../checkout/start.ts';
import { PaymentProviderError } from '../checkout/stripe-call.ts';
import { renderCheckoutReturnPage } from '../checkout/test-checkout-page.ts';
import { defineRoute } from '../route.ts';
import { idSchema } from '../schemas/common.ts';

const TAG = 'Payments';

const returnUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('An absolute http(s) URL; Stripe fills in `{CHECKOUT_SESSION_ID}`');

export const checkoutBody = z.strictObject({
  customer: idSchema.describe('Your id for the customer who pays'),
  pack: idSchema.optional().describe('A pack id from the catalog (one-time payment); or `plan`'),
  plan: idSchema.optional().describe('A paid plan id from the catalog (monthly subscription); or `pack`'),
  success_url: returnUrl
    .optional()
    .describe('Where the customer goes after paying (default: a Tollgate page)'),
  cancel_url: returnUrl.optional().describe('Where "back" goes (default: a Tollgate page)'),
});

export const portalBody = z.strictObject({
  customer: idSchema,
  return_url: returnUrl
    .optional()
    .describe('Where the portal sends the customer back (default: a Tollgate page)'),
});

export const checkoutSchema = z.object({
  object: z.literal('checkout_session'),
  id: z.string(),
  url: z.string().describe('Send the customer here'),
  mode: z
    .enum(['payment', 'subscription', 'subscription_update'])
    .describe(
      '`subscription_update` when the customer already subscribes: the URL changes that subscription (Stripe portal, or the TEST MODE confirm page) instead of starting a second one',
    ),
  test_mode: z.boolean().describe('True without Stripe keys: a local test checkout, no money moves'),
  customer: z.string(),
});

const returnQuery = z.looseObject({ checkout: z.enum(['success', 'cancelled', 'portal']).optional() });

export function defaultReturn(publicUrl: string, outcome: 'success' | 'cancelled' | 'portal'): string {
  return `${publicUrl.replace(/\/+$/, '')}/checkout/return?checkout=${outcome}`;
}

/** Answers Stripe being down or refusing our keys as 502 (an operator problem, not the caller's). */
export async function answerProviderFailure<T>(
  reply: FastifyReply,
  run: () => Promise<Result<T>>,
): Promise<Result<T> | null> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error;
    reply.log.error({ err: error, stripeType: error.stripeType }, 'stripe request failed');
    await reply.status(502).send({
      error: {
        type: 'api_error',
        code: 'payment_provider_error',
        message: `Stripe could not be reached or refused the request (${error.stripeType}); try again later`,
      },
    });
    return null;
  }
}

export const checkoutRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/checkout',
    operationId: 'createCheckout',
    tag: TAG,
    summary: 'Start a checkout for a pack or a plan',
    description:
      "Answers the URL to send the customer to: a Stripe Checkout (mode `payment` for a pack, `subscription` for a plan), reusing the customer's Stripe customer or creating and remembering one. Without Stripe keys (neither the tenant's nor the environment's) it is a local TEST MODE checkout page (`test_mode: true`) whose Pay button sends a signed test event through the Stripe webhook route. Credits arrive with the verified webhook, never from the success URL. A customer who already has a plan subscription never gets a second one: `plan` then answers `mode: subscription_update`, a Stripe customer-portal page confirming the switch of the current subscription (in TEST MODE a local confirm page that signs `customer.subscription.updated`); an upgrade grants the prorated difference of the monthly credits when confirmed. The plan they are on already is `invalid_request`. A customer session token with the `checkout` scope may start a checkout for its own customer.",
    access: { session: 'checkout' },
    idempotent: true,
    body: checkoutBody,
    response: checkoutSchema,
    errors: [
      'invalid_request',
      'not_found',
      'unknown_pack',
      'unknown_plan',
      'idempotency_conflict',
      'forbidden',
      'payments_not_configured',
    ],
    handler: async ({ deps, tenantId, body, idempotencyKey, checkCustomer, reply }) => {
      const mine = checkCustomer(body.customer);
      if (!mine.ok) return mine;
      if ((body.pack === undefined) === (body.plan === undefined)) {
        return fail(
          'invalid_request',
          'send exactly one of pack or plan',
          body.pack === undefined ? 'pack' : 'plan',
        );
      }
      const item = body.pack !== undefined ? { pack: body.pack } : { plan: body.plan as string };
      return answerProviderFailure(reply, async () => {
        const call = { tenantId, idempotencyKey, operation: 'checkout', input: body };
        const started = await deps.engine.runOnce(call, () =>
          startCheckout(deps, {
            tenantId,
            customerId: body.customer,
            item,
            successUrl: body.success_url ?? defaultReturn(deps.config.publicUrl, 'success'),
            cancelUrl: body.cancel_url ?? defaultReturn(deps.config.publicUrl, 'cancelled'),
            idempotencyKey,
            testPageBase: deps.config.publicUrl.replace(/\/+$/, ''),
          }),
        );
        if (!started.ok) return started;
        return ok({
          object: 'checkout_session' as const,
          id: started.value.id,
          url: started.value.url,
          mode: started.value.mode,
          test_mode: started.value.testMode,
          customer: body.customer,
        });
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/checkout/portal',
    operationId: 'createPortalLink',
    tag: TAG,
    summary: 'Open the Stripe customer portal (plan changes)',
    description:
      'Answers a Stripe customer-portal URL where a subscriber upgrades, downgrades or cancels; the changes come back as webhooks. The customer must have checked out before. Not available in TEST MODE (404): check out the new plan instead.',
    access: { session: 'checkout' },
    body: portalBody,
    response: z.object({
      object: z.literal('billing_portal_session'),
      url: z.string(),
      customer: z.string(),
    }),
    errors: ['not_found', 'forbidden'],
    handler: async ({ deps, tenantId, body, checkCustomer, reply }) => {
      const mine = checkCustomer(body.customer);
      if (!mine.ok) return mine;
      return answerProviderFailure(reply, async () => {
        const portal = await openBillingPortal(deps, {
          tenantId,
          customerId: body.customer,
          returnUrl: body.return_url ?? defaultReturn(deps.config.publicUrl, 'portal'),
        });
        if (!portal.ok) return portal;
        return ok({
          object: 'billing_portal_session' as const,
          url: portal.value.url,
          customer: body.customer,
        });
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/checkout/return',
    operationId: 'checkoutReturnPage',
    tag: TAG,
    summary: 'Default landing page after a checkout or the portal',
    access: 'public',
    raw: true,
    query: returnQuery,
    handler: async ({ query, reply }) => {
      const html = renderCheckoutReturnPage(query.checkout ?? 'success');
      await reply.status(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
      return null;
    },
  }),
];
