/**
 * TEST MODE plan change (no Stripe keys): the `customer.subscription.updated` event Stripe
 * would send once a subscriber confirms switching their subscription to another plan in the
 * customer portal, signed with the tenant's local secret by the SDK's test-header helper, to
 * be posted through the Stripe webhook route like every other test payment.
 */
import type { Catalog } from '../domain/catalog.ts';
import { findPlan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { buildCustomerMetadata, MetadataKey } from './attribution.ts';
import { type SignedStripeDelivery, signTestEvent } from './test-checkout.ts';
import { buildStripeEvent, buildSubscriptionObject, TEST_MODE_METADATA } from './test-events.ts';

export interface TestPlanChangeInput {
  readonly tenantId: string;
  readonly catalog: Catalog;
  readonly customerId: string;
  readonly stripeCustomerId: string;
  readonly subscriptionId: string;
  readonly planId: string;
  /** The subscription's current period, epoch ms. */
  readonly periodStart: number;
  readonly periodEnd: number;
  /** The event id: the same for every confirmation of one change, so it applies once. */
  readonly eventId: string;
  readonly webhookSecret: string;
  /** Epoch ms. */
  readonly now: number;
}

/** Builds and signs the `customer.subscription.updated` of a confirmed plan change. */
export function createTestPlanChange(input: TestPlanChangeInput): Result<SignedStripeDelivery> {
  const plan = findPlan(input.catalog, input.planId);
  if (plan === undefined) return fail('unknown_plan', `no plan ${input.planId} in the catalog`, 'plan');
  if (plan.priceCents <= 0) return fail('invalid_request', `plan ${plan.id} is free`, 'plan');
  const subscription = buildSubscriptionObject({
    id: input.subscriptionId,
    stripeCustomerId: input.stripeCustomerId,
    status: 'active',
    metadata: {
      ...buildCustomerMetadata(input.tenantId, input.customerId),
      ...TEST_MODE_METADATA,
      [MetadataKey.planId]: plan.id,
    },
    priceId: `price_tollgate_test_${plan.id}`,
    unitAmount: plan.priceCents,
    currency: input.catalog.currency.toLowerCase(),
    periodStart: Math.floor(input.periodStart / 1000),
    periodEnd: Math.floor(input.periodEnd / 1000),
  });
  const event = buildStripeEvent('customer.subscription.updated', subscription, {
    id: input.eventId,
    created: Math.floor(input.now / 1000),
  });
  return ok(signTestEvent(event, input.webhookSecret, input.now));
}
