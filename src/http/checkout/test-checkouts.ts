/**
 * Pending offline test checkouts (TEST MODE, for tenants without Stripe keys). `POST
 * /v1/checkout` and the studio make one and send the customer to `/test-checkout/:id`, the
 * stand-in for Stripe's hosted page. The unguessable id is the capability to pay it, as a
 * Stripe Checkout URL is. They live in the memory of the process that made them for 24 hours
 * (Stripe's own session lifetime); test mode is for trying things out, so a restart asking the
 * customer to start again is acceptable. Nothing here grants credits: paying signs events that
 * go through the Stripe webhook route.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Catalog } from '../../domain/catalog.ts';
import { findPack, findPlan } from '../../domain/catalog.ts';
import type { Engine } from '../../engine/engine.ts';
import type { CheckoutItem } from '../../payments/checkout.ts';
import { TEST_MODE_NOTICE } from '../../payments/test-checkout.ts';

/** How long a test checkout can be paid, as a Stripe Checkout Session (24 hours). */
export const TEST_CHECKOUT_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_PENDING = 10_000;

export interface PendingTestCheckout {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly item: CheckoutItem;
  /** Where "Pay" sends the customer after the events were accepted (`{CHECKOUT_SESSION_ID}` filled in). */
  readonly successUrl: string;
  /** Where "Cancel" goes. */
  readonly cancelUrl: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** What the test checkout page shows. */
export interface TestCheckoutSummary {
  readonly name: string;
  readonly credits: number;
  readonly priceCents: number;
  readonly recurring: boolean;
  readonly notice: string;
}

export interface TestCheckouts {
  /**
   * Makes a checkout, or answers the live one made with the same `requestKey` (tenant,
   * customer and Idempotency-Key), as Stripe answers the same session for a retried request.
   */
  create(
    input: Omit<PendingTestCheckout, 'id' | 'createdAt' | 'expiresAt'>,
    requestKey: string,
  ): PendingTestCheckout;
  /** The checkout, or undefined when unknown or expired. */
  find(id: string): PendingTestCheckout | undefined;
}

const byEngine = new WeakMap<Engine, TestCheckouts>();

/** The test checkouts of the app built over this engine (the checkout routes and the studio share them). */
export function testCheckoutsFor(engine: Engine, now: () => number): TestCheckouts {
  let found = byEngine.get(engine);
  if (found === undefined) {
    found = createTestCheckouts(now);
    byEngine.set(engine, found);
  }
  return found;
}

/** An in-memory set of pending test checkouts, oldest dropped first past 10,000. */
export function createTestCheckouts(now: () => number): TestCheckouts {
  const pending = new Map<string, PendingTestCheckout>();
  const byRequest = new Map<string, string>();
  const find = (id: string) => {
    const checkout = pending.get(id);
    if (checkout !== undefined && checkout.expiresAt <= now()) {
      pending.delete(id);
      return undefined;
    }
    return checkout;
  };
  return {
    create(input, requestKey) {
      const earlier = byRequest.get(requestKey);
      const existing = earlier === undefined ? undefined : find(earlier);
      if (existing !== undefined) return existing;
      if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value as string);
      if (byRequest.size >= MAX_PENDING) byRequest.delete(byRequest.keys().next().value as string);
      const createdAt = now();
      const checkout = {
        ...input,
        id: `tc_test_${randomUUID().replaceAll('-', '')}`,
        createdAt,
        expiresAt: createdAt + TEST_CHECKOUT_TTL_MS,
      };
      pending.set(checkout.id, checkout);
      byRequest.set(requestKey, checkout.id);
      return checkout;
    },
    find,
  };
}

/**
 * Makes the ids of a checkout's Stripe objects and events (`createTestCheckout`'s `newId`)
 * from the checkout id, so paying the same checkout twice sends the very same events and the
 * ledger's per-event idempotency grants once, even across processes.
 */
export function deterministicIds(checkoutId: string): () => string {
  const seed = createHash('sha256').update(checkoutId).digest('hex').slice(0, 20);
  let next = 0;
  return () => `${seed}${(next++).toString(36)}`;
}

/** The Stripe customer id the test checkout uses for a customer: one per tenant and customer. */
export function testStripeCustomerId(tenantId: string, customerId: string): string {
  const hash = createHash('sha256').update(`${tenantId}\n${customerId}`).digest('hex').slice(0, 24);
  return `cus_tollgate_test_${hash}`;
}

/** What is being bought, for the page; null when the item left the catalog since. */
export function describeTestCheckout(catalog: Catalog, item: CheckoutItem): TestCheckoutSummary | null {
  if ('pack' in item) {
    const pack = findPack(catalog, item.pack);
    if (pack === undefined) return null;
    const { name, credits, priceCents } = pack;
    return { name, credits, priceCents, recurring: false, notice: TEST_MODE_NOTICE };
  }
  const plan = findPlan(catalog, item.plan);
  if (plan === undefined) return null;
  return {
    name: `${plan.name} plan`,
    credits: plan.monthlyCredits,
    priceCents: plan.priceCents,
    recurring: true,
    notice: TEST_MODE_NOTICE,
  };
}
