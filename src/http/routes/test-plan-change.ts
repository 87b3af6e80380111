/**
 * The TEST MODE stand-in for Stripe's portal "confirm this update" page, for customers who
 * already subscribe (issue 12.1): `GET /test-checkout/change?token=…` shows the new plan,
 * `POST` confirms it by sending a signed `customer.subscription.updated` through the Stripe
 * webhook route. Public like a portal URL: the signed token is the capability.
 */
import { z } from 'zod';
import { findPlan } from '../../domain/catalog.ts';
import { ok } from '../../domain/errors.ts';
import { TEST_MODE_NOTICE } from '../../payments/test-checkout.ts';
import { describePayer } from '../checkout/payer.ts';
import { loadTenantPayments } from '../checkout/setup.ts';
import { renderCheckoutPage } from '../checkout/test-checkout-page.ts';
import { confirmTestPlanChange, readTestPlanChange, testPlanChangeId } from '../checkout/test-plan-change.ts';
import { defineRoute } from '../route.ts';

const TAG = 'Payments';
// In the query, not the path: a signed token with its return URLs outgrows a path parameter.
const query = z.looseObject({
  token: z.string().min(1).max(8000).describe('The signed plan change, from `POST /v1/checkout`'),
});

export const testPlanChangeRoutes = [
  defineRoute({
    method: 'GET',
    url: '/test-checkout/change',
    operationId: 'testPlanChangePage',
    tag: TAG,
    summary: 'The TEST MODE plan change page (a subscriber switches plan; no money moves)',
    access: 'public',
    raw: true,
    query,
    handler: async ({ deps, query: path, reply }) => {
      const read = await readTestPlanChange(deps, path.token);
      const payments = read.ok ? await loadTenantPayments(deps, read.value.change.tenantId) : null;
      const plan =
        read.ok && payments?.ok ? findPlan(payments.value.catalog, read.value.change.planId) : undefined;
      if (!read.ok || plan === undefined) {
        await reply
          .status(404)
          .type('text/plain; charset=utf-8')
          .send('This plan change link has expired or is not valid. Go back and start again.');
        return null;
      }
      const summary = {
        name: `Switch to the ${plan.name} plan`,
        credits: plan.monthlyCredits,
        priceCents: plan.priceCents,
        recurring: true,
        notice: `${TEST_MODE_NOTICE} An upgrade adds the difference in monthly credits for the rest of this period, prorated.`,
      };
      const html = renderCheckoutPage(summary, {
        ...(await describePayer(deps, read.value.change.tenantId, read.value.change.customerId)),
        payUrl: `/test-checkout/change?token=${encodeURIComponent(path.token)}`,
        cancelUrl: read.value.change.cancelUrl,
        paid: false,
        successUrl: read.value.change.successUrl,
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
    url: '/test-checkout/change',
    operationId: 'confirmTestPlanChange',
    tag: TAG,
    summary:
      'Confirm a TEST MODE plan change: a signed customer.subscription.updated through the Stripe webhook route',
    description:
      "Signs the `customer.subscription.updated` Stripe would send for this change with the tenant's local secret and posts it to `POST /v1/webhooks/stripe/:tenant_id`. Answers `redirect`, the checkout's success URL. Confirming again sends the same event id: the plan changes once.",
    access: 'public',
    query,
    response: z.object({
      object: z.literal('test_plan_change'),
      id: z.string(),
      status: z.literal('confirmed'),
      outcome: z.string().describe('What the ledger did with the event (`applied`, `duplicate`, ...)'),
      redirect: z.string(),
    }),
    errors: ['not_found', 'invalid_request'],
    handler: async ({ deps, query: path, request }) => {
      const confirmed = await confirmTestPlanChange(deps, request.server, path.token);
      if (!confirmed.ok) return confirmed;
      return ok({
        object: 'test_plan_change' as const,
        id: `tpc_test_${testPlanChangeId(path.token)}`,
        status: 'confirmed' as const,
        outcome: confirmed.value.outcome,
        redirect: confirmed.value.redirect,
      });
    },
  }),
];
