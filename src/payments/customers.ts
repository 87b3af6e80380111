/**
 * The Stripe customer behind a Tollgate customer. Made once, on the first checkout, tagged
 * with the tenant and customer ids in its metadata (so the Stripe dashboard and every event
 * lead back to us), and reused for every later checkout and the billing portal.
 */
import Stripe from 'stripe';
import { buildCustomerMetadata } from './attribution.ts';

/** The customer as needed to find or make their Stripe customer. */
export interface StripeCustomerOwner {
  readonly tenantId: string;
  readonly id: string;
  readonly email: string | null;
  readonly stripeCustomerId: string | null;
}

/**
 * Answers the customer's Stripe customer id: the stored one when there is one, else a new
 * Stripe customer (idempotent per tenant and customer, so two concurrent first checkouts make
 * one Stripe customer within Stripe's 24 h idempotency window).
 */
export async function ensureStripeCustomer(
  stripe: Stripe,
  owner: StripeCustomerOwner,
  /** Distinguishes a deliberate re-creation (the stored customer was gone) from the first one. */
  attempt = 'first',
): Promise<string> {
  if (owner.stripeCustomerId !== null) return owner.stripeCustomerId;
  const created = await stripe.customers.create(
    {
      metadata: buildCustomerMetadata(owner.tenantId, owner.id),
      ...(owner.email === null ? {} : { email: owner.email }),
    },
    { idempotencyKey: `tollgate-customer-${owner.tenantId}-${owner.id}-${owner.email ?? ''}-${attempt}` },
  );
  return created.id;
}

/** Whether Stripe refused a request because the customer it names does not exist. */
export function isMissingCustomerError(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    error.code === 'resource_missing' &&
    error.param === 'customer'
  );
}
