/**
 * Starting a purchase: a Stripe Checkout Session for a pack (one-time payment) or a plan
 * (monthly subscription), and a customer-portal link for plan changes. Prices come from the
 * catalog as inline `price_data`, so no Stripe dashboard setup is needed. Nothing is granted
 * here: credits arrive only with the verified webhook.
 */
import type Stripe from 'stripe';
import type { Catalog, Pack, Plan } from '../domain/catalog.ts';
import { findPack, findPlan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { buildCustomerMetadata, MetadataKey } from './attribution.ts';
import { ensureStripeCustomer, isMissingCustomerError } from './customers.ts';

/** The customer buying, as the engine knows them. */
export interface CheckoutCustomer {
  readonly tenantId: string;
  /** The tenant's own id for the customer. */
  readonly id: string;
  readonly email: string | null;
  /** The Stripe customer made for them by an earlier checkout; null = make one now. */
  readonly stripeCustomerId: string | null;
}

/** What is being bought: a pack id or a plan id from the catalog. */
export type CheckoutItem = { readonly pack: string } | { readonly plan: string };

export interface CreateCheckoutInput {
  readonly stripe: Stripe;
  readonly catalog: Catalog;
  readonly customer: CheckoutCustomer;
  readonly item: CheckoutItem;
  readonly successUrl: string;
  readonly cancelUrl: string;
  /** Passed to Stripe so a retried request makes one session, not two. */
  readonly idempotencyKey?: string;
}

/** The Checkout to send the customer to, and the Stripe customer to remember for next time. */
export interface CheckoutLink {
  readonly sessionId: string;
  readonly url: string;
  readonly mode: 'payment' | 'subscription';
  /** Store this on the customer when it differs from the one passed in. */
  readonly stripeCustomerId: string;
}

/**
 * Creates a Checkout Session: `payment` mode for a pack, `subscription` mode (monthly) for a
 * paid plan. The customer's Stripe customer is reused when known, else created. Unknown or
 * free items are `Result` errors; Stripe being unreachable or refusing our key throws (an
 * operator problem the HTTP layer answers with 502).
 */
export async function createCheckout(input: CreateCheckoutInput): Promise<Result<CheckoutLink>> {
  const item = resolveItem(input.catalog, input.item);
  if (!item.ok) return item;
  let stripeCustomerId = await ensureStripeCustomer(input.stripe, input.customer);
  try {
    return ok(await createSession(input, item.value, stripeCustomerId));
  } catch (error) {
    // A stored Stripe customer that no longer exists (deleted, or made with test keys before the
    // switch to live keys): make a fresh one once and try again.
    if (input.customer.stripeCustomerId === null || !isMissingCustomerError(error)) throw error;
    stripeCustomerId = await ensureStripeCustomer(
      input.stripe,
      { ...input.customer, stripeCustomerId: null },
      `replacing-${input.customer.stripeCustomerId}`,
    );
    return ok(await createSession(input, item.value, stripeCustomerId));
  }
}

/**
 * Creates a customer-portal link where a subscriber changes or cancels their plan. Plan
 * changes made there come back as `customer.subscription.updated` webhooks.
 */
export async function createPortalLink(input: {
  readonly stripe: Stripe;
  readonly stripeCustomerId: string | null;
  readonly returnUrl: string;
}): Promise<Result<{ readonly url: string }>> {
  if (input.stripeCustomerId === null) {
    return fail(
      'not_found',
      'the customer has never checked out, so there is no billing portal yet',
      'customer',
    );
  }
  const session = await input.stripe.billingPortal.sessions.create({
    customer: input.stripeCustomerId,
    return_url: input.returnUrl,
  });
  return ok({ url: session.url });
}

type ResolvedItem =
  | { readonly kind: 'pack'; readonly pack: Pack }
  | { readonly kind: 'plan'; readonly plan: Plan };

/** Finds the pack or plan in the catalog; a free plan cannot be bought. */
function resolveItem(catalog: Catalog, item: CheckoutItem): Result<ResolvedItem> {
  if ('pack' in item) {
    const pack = findPack(catalog, item.pack);
    return pack === undefined
      ? fail('unknown_pack', `no pack ${item.pack} in the catalog`, 'pack')
      : ok({ kind: 'pack', pack });
  }
  const plan = findPlan(catalog, item.plan);
  if (plan === undefined) return fail('unknown_plan', `no plan ${item.plan} in the catalog`, 'plan');
  if (plan.priceCents <= 0)
    return fail('invalid_request', `plan ${plan.id} is free: no checkout needed`, 'plan');
  return ok({ kind: 'plan', plan });
}

/** Sends the Checkout Session request for a resolved item. */
async function createSession(
  input: CreateCheckoutInput,
  item: ResolvedItem,
  stripeCustomerId: string,
): Promise<CheckoutLink> {
  const { catalog, customer } = input;
  const owner = buildCustomerMetadata(customer.tenantId, customer.id);
  const metadata: Record<string, string> = { ...owner, [MetadataKey.catalogVersion]: catalog.version };
  const currency = catalog.currency.toLowerCase();
  const common = {
    customer: stripeCustomerId,
    client_reference_id: customer.id,
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
  };
  const params: Stripe.Checkout.SessionCreateParams =
    item.kind === 'pack'
      ? {
          ...common,
          mode: 'payment',
          metadata: { ...metadata, [MetadataKey.packId]: item.pack.id },
          payment_intent_data: { metadata: { ...owner, [MetadataKey.packId]: item.pack.id } },
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency,
                unit_amount: item.pack.priceCents,
                product_data: { name: `${item.pack.name}: ${item.pack.credits} credits` },
              },
            },
          ],
        }
      : {
          ...common,
          mode: 'subscription',
          metadata: { ...metadata, [MetadataKey.planId]: item.plan.id },
          subscription_data: { metadata: { ...owner, [MetadataKey.planId]: item.plan.id } },
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency,
                unit_amount: item.plan.priceCents,
                recurring: { interval: 'month' },
                product_data: { name: `${item.plan.name} plan: ${item.plan.monthlyCredits} credits a month` },
              },
            },
          ],
        };
  const options = input.idempotencyKey === undefined ? undefined : { idempotencyKey: input.idempotencyKey };
  const session = await input.stripe.checkout.sessions.create(params, options);
  if (session.url === null) throw new Error(`Stripe answered checkout session ${session.id} without a url`);
  return {
    sessionId: session.id,
    url: session.url,
    mode: item.kind === 'pack' ? 'payment' : 'subscription',
    stripeCustomerId,
  };
}
