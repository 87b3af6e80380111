/**
 * The Stripe customer portal, where a subscriber upgrades, downgrades or cancels. Plan changes
 * made there come back as `customer.subscription.updated` / `deleted` webhooks; nothing changes
 * here. In TEST MODE (no Stripe keys) there is no portal: a plan is changed by checking out
 * the new plan.
 */
import { fail, ok, type Result } from '../../domain/errors.ts';
import { createPortalLink } from '../../payments/checkout.ts';
import type { AppDeps } from '../route.ts';
import { loadTenantPayments, stripeClientFor } from './setup.ts';
import { callStripe } from './stripe-call.ts';

/** Opens a portal session for a customer who has checked out before; answers its URL. */
export async function openBillingPortal(
  deps: AppDeps,
  input: { readonly tenantId: string; readonly customerId: string; readonly returnUrl: string },
): Promise<Result<{ readonly url: string }>> {
  const known = await deps.engine.findStripeCustomer(input.tenantId, input.customerId);
  if (!known.ok) return known;
  const payments = await loadTenantPayments(deps, input.tenantId);
  if (!payments.ok) return payments;
  const { setup } = payments.value;
  if (setup.mode === 'test') {
    return fail(
      'not_found',
      'TEST MODE: without Stripe keys there is no billing portal; change plans with POST /v1/checkout { plan }',
      'customer',
    );
  }
  return callStripe(async () => {
    const link = await createPortalLink({
      stripe: stripeClientFor(setup),
      stripeCustomerId: known.value,
      returnUrl: input.returnUrl,
    });
    return link.ok ? ok({ url: link.value.url }) : link;
  });
}
