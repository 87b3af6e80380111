/**
 * Pending offline test checkouts (TEST MODE, for tenants without Stripe keys). `POST
 * /v1/checkout` and the studio make one and send the customer to `/test-checkout/:id`, the
 * stand-in for Stripe's hosted page. They live in the database for 24 hours (Stripe's own
 * session lifetime), so a restart or another process can serve and pay them; paying needs the
 * checkout's own secret, which its URL carries after `#`. Nothing here grants credits: paying
 * signs events that go through the Stripe webhook route.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Catalog } from '../../domain/catalog.ts';
import { findPack, findPlan } from '../../domain/catalog.ts';
import { ok, type Result } from '../../domain/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import type { CheckoutItem } from '../../payments/checkout.ts';
import { TEST_MODE_NOTICE } from '../../payments/test-checkout.ts';
import type { TestCheckoutRow } from '../../store/types.ts';

export interface PendingTestCheckout {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly item: CheckoutItem;
  /** Where "Pay" sends the customer after the events were accepted (`{CHECKOUT_SESSION_ID}` filled in). */
  readonly successUrl: string;
  /** Where "Cancel" goes. */
  readonly cancelUrl: string;
  /** What a pay request must present: the checkout URL carries it after `#`, which no server logs. */
  readonly secret: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** When it was first paid, or null. */
  readonly paidAt: number | null;
}

/** What the test checkout page shows. */
export interface TestCheckoutSummary {
  readonly name: string;
  readonly credits: number;
  readonly priceCents: number;
  readonly recurring: boolean;
  readonly notice: string;
}

function readItem(json: string): CheckoutItem {
  const item = JSON.parse(json) as { pack?: unknown; plan?: unknown };
  if (typeof item.pack === 'string') return { pack: item.pack };
  if (typeof item.plan === 'string') return { plan: item.plan };
  throw new Error(`test checkout item is neither a pack nor a plan: ${json}`);
}

function fromRow(row: TestCheckoutRow): PendingTestCheckout {
  const { requestKey: _, item, ...rest } = row;
  return { ...rest, item: readItem(item) };
}

/**
 * Opens a test checkout in the database, or answers the live one opened with the same
 * `requestKey` (tenant, customer and Idempotency-Key), as Stripe answers the same session for a
 * retried request.
 */
export async function openPendingCheckout(
  engine: Engine,
  input: Pick<PendingTestCheckout, 'tenantId' | 'customerId' | 'item' | 'successUrl' | 'cancelUrl'>,
  requestKey: string,
): Promise<Result<PendingTestCheckout>> {
  const opened = await engine.openTestCheckout({ ...input, item: JSON.stringify(input.item), requestKey });
  return opened.ok ? ok(fromRow(opened.value)) : opened;
}

/** The checkout, or undefined when unknown or expired. */
export async function findPendingCheckout(
  engine: Engine,
  id: string,
): Promise<PendingTestCheckout | undefined> {
  const row = await engine.findTestCheckout(id);
  return row === null ? undefined : fromRow(row);
}

/** Whether `presented` is the checkout's secret (compared in constant time). */
export function holdsCheckoutSecret(checkout: PendingTestCheckout, presented: string): boolean {
  const want = Buffer.from(checkout.secret);
  const got = Buffer.from(presented);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The address of a checkout's page, its secret after `#` (`base` '' = same origin). */
export function testCheckoutUrl(base: string, checkout: PendingTestCheckout): string {
  return `${base}/test-checkout/${checkout.id}#${checkout.secret}`;
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
