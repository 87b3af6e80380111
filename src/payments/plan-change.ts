/**
 * Changing the plan of a customer who already subscribes (issue 12.1): never a second
 * Checkout, but a Stripe customer-portal session that opens on "confirm this update" for the
 * customer's current subscription and the new plan's Price. The change comes back as
 * `customer.subscription.updated`; the ledger grants an upgrade's prorated difference then.
 */
import type Stripe from 'stripe';
import type { Catalog } from '../domain/catalog.ts';
import { findPlan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { ensurePlanPrices, ensurePortalConfiguration } from './plan-prices.ts';

export interface PlanChangeInput {
  readonly stripe: Stripe;
  readonly catalog: Catalog;
  readonly tenantId: string;
  readonly stripeCustomerId: string;
  /** The customer's current subscription. */
  readonly subscriptionId: string;
  readonly planId: string;
  readonly returnUrl: string;
  readonly idempotencyKey?: string;
}

/** Answers the portal URL where the customer confirms switching their subscription to `planId`. */
export async function createPlanChangeLink(
  input: PlanChangeInput,
): Promise<Result<{ readonly sessionId: string; readonly url: string }>> {
  const plan = findPlan(input.catalog, input.planId);
  if (plan === undefined) return fail('unknown_plan', `no plan ${input.planId} in the catalog`, 'plan');
  if (plan.priceCents <= 0) {
    return fail(
      'invalid_request',
      `plan ${plan.id} is free: cancel the subscription in the billing portal (POST /v1/checkout/portal) instead`,
      'plan',
    );
  }
  const subscription = await input.stripe.subscriptions.retrieve(input.subscriptionId);
  const item = subscription.items.data[0];
  if (item === undefined || subscription.items.data.length > 1) {
    return fail(
      'invalid_request',
      `subscription ${input.subscriptionId} does not have exactly one item; change it in the Stripe dashboard`,
      'customer',
    );
  }
  const plans = await ensurePlanPrices(input.stripe, input.tenantId, input.catalog);
  const price = plans.prices.get(plan.id) as string;
  const configuration = await ensurePortalConfiguration(input.stripe, input.tenantId, plans);
  const options = input.idempotencyKey === undefined ? undefined : { idempotencyKey: input.idempotencyKey };
  const session = await input.stripe.billingPortal.sessions.create(
    {
      customer: input.stripeCustomerId,
      configuration,
      return_url: input.returnUrl,
      flow_data: {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: input.subscriptionId,
          items: [{ id: item.id, price, quantity: 1 }],
        },
        after_completion: { type: 'redirect', redirect: { return_url: input.returnUrl } },
      },
    },
    options,
  );
  return ok({ sessionId: session.id, url: session.url });
}
