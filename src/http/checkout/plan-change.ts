/**
 * A checkout for a plan when the customer already subscribes (issue 12.1): never a second
 * subscription, but the flow that changes the current one. With Stripe keys, a customer-portal
 * session that opens on confirming the switch to the new plan's Price; in TEST MODE, a local
 * confirm page (`/test-checkout/change?token=…`) that signs `customer.subscription.updated`.
 */
import { findPlan } from '../../domain/catalog.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import type { CurrentSubscription } from '../../engine/stripe-customers.ts';
import { createPlanChangeLink } from '../../payments/plan-change.ts';
import type { AppDeps } from '../route.ts';
import { stripeClientFor, type TenantPayments } from './setup.ts';
import type { StartCheckoutInput, StartedCheckout } from './start.ts';
import { callStripe, paymentsNotConfigured } from './stripe-call.ts';
import { signTestPlanChange, testPlanChangeId } from './test-plan-change.ts';

/** Starts the change of `current` to the plan of `input.item`. */
export async function startPlanChange(
  deps: AppDeps,
  input: StartCheckoutInput & { readonly item: { readonly plan: string } },
  current: CurrentSubscription,
  payments: TenantPayments,
): Promise<Result<StartedCheckout>> {
  const { catalog, setup } = payments;
  const plan = findPlan(catalog, input.item.plan);
  if (plan === undefined) return fail('unknown_plan', `no plan ${input.item.plan} in the catalog`, 'plan');
  if (plan.id === current.planId) {
    return fail('invalid_request', `the customer already subscribes to plan ${plan.id}`, 'plan');
  }
  if (plan.priceCents <= 0) {
    return fail(
      'invalid_request',
      `plan ${plan.id} is free: cancel the subscription in the billing portal (POST /v1/checkout/portal) instead`,
      'plan',
    );
  }
  if (setup.mode === 'test') {
    if (!deps.testCheckouts) return paymentsNotConfigured(input.tenantId);
    const token = signTestPlanChange(
      {
        tenantId: input.tenantId,
        customerId: input.customerId,
        planId: plan.id,
        successUrl: input.successUrl,
        cancelUrl: input.cancelUrl,
      },
      current,
      setup.webhookSecret,
      deps.now(),
    );
    return ok({
      id: `tpc_test_${testPlanChangeId(token)}`,
      url: `${input.testPageBase}/test-checkout/change?token=${encodeURIComponent(token)}`,
      mode: 'subscription_update',
      testMode: true,
    });
  }
  const known = await deps.engine.findStripeCustomer(input.tenantId, input.customerId);
  if (!known.ok) return known;
  if (known.value === null) return fail('not_found', 'the customer has no Stripe customer', 'customer');
  const stripeCustomerId = known.value;
  return callStripe(async () => {
    const link = await createPlanChangeLink({
      stripe: stripeClientFor(setup),
      catalog,
      tenantId: input.tenantId,
      stripeCustomerId,
      subscriptionId: current.subscriptionId,
      planId: plan.id,
      returnUrl: input.successUrl,
      idempotencyKey: `${input.idempotencyKey}:plan-change`,
    });
    if (!link.ok) return link;
    return ok({
      id: link.value.sessionId,
      url: link.value.url,
      mode: 'subscription_update',
      testMode: false,
    });
  });
}
