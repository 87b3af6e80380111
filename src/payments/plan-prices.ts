/**
 * The Stripe objects a portal plan change needs, made on demand and found again later: one
 * Product per tenant ("plans"), one recurring Price per paid plan (found by a lookup key made
 * of tenant, plan, price and currency, so a catalog price change makes a new Price), and one
 * portal configuration allowing exactly these prices (found by its metadata). Stripe's portal
 * only lets a customer switch to prices listed in its configuration.
 */
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { Catalog, Plan } from '../domain/catalog.ts';
import { MetadataKey } from './attribution.ts';

const PORTAL_KEY = 'tollgate_portal_key';

function digest(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

/** The lookup key of a plan's Price: changes with its price or currency. */
export function planPriceLookupKey(tenantId: string, plan: Plan, currency: string): string {
  return `tollgate_plan_${digest(tenantId, plan.id, String(plan.priceCents), currency)}`;
}

/** The tenant's plans Product id (Stripe accepts ids chosen by the caller). */
function planProductId(tenantId: string): string {
  return `tollgate_plans_${digest(tenantId).slice(0, 24)}`;
}

async function ensureProduct(stripe: Stripe, tenantId: string): Promise<string> {
  const id = planProductId(tenantId);
  try {
    return (await stripe.products.retrieve(id)).id;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'resource_missing') throw error;
    const made = await stripe.products.create(
      { id, name: 'Plans', metadata: { [MetadataKey.tenantId]: tenantId } },
      { idempotencyKey: `tollgate-product-${id}` },
    );
    return made.id;
  }
}

/** Every paid plan's Price (plan id → Price id) and the Product they belong to. */
export async function ensurePlanPrices(
  stripe: Stripe,
  tenantId: string,
  catalog: Catalog,
): Promise<{ readonly product: string; readonly prices: ReadonlyMap<string, string> }> {
  const currency = catalog.currency.toLowerCase();
  const paid = catalog.plans.filter((p) => p.priceCents > 0);
  const keys = new Map(paid.map((p) => [planPriceLookupKey(tenantId, p, currency), p]));
  const listed = await stripe.prices.list({ lookup_keys: [...keys.keys()], active: true, limit: 100 });
  const prices = new Map<string, string>();
  for (const price of listed.data) {
    const plan = price.lookup_key === null ? undefined : keys.get(price.lookup_key);
    if (plan !== undefined) prices.set(plan.id, price.id);
  }
  const product = await ensureProduct(stripe, tenantId);
  for (const [lookupKey, plan] of keys) {
    if (prices.has(plan.id)) continue;
    const made = await stripe.prices.create(
      {
        product,
        currency,
        unit_amount: plan.priceCents,
        recurring: { interval: 'month' },
        lookup_key: lookupKey,
        nickname: `${plan.name}: ${plan.monthlyCredits} credits a month`,
        metadata: { [MetadataKey.planId]: plan.id, [MetadataKey.tenantId]: tenantId },
      },
      { idempotencyKey: `tollgate-price-${lookupKey}` },
    );
    prices.set(plan.id, made.id);
  }
  return { product, prices };
}

/** A portal configuration where a subscriber may switch between exactly these prices (prorated). */
export async function ensurePortalConfiguration(
  stripe: Stripe,
  tenantId: string,
  plans: { readonly product: string; readonly prices: ReadonlyMap<string, string> },
): Promise<string> {
  const priceIds = [...plans.prices.values()].sort();
  const key = digest(tenantId, plans.product, ...priceIds);
  const listed = await stripe.billingPortal.configurations.list({ active: true, limit: 100 });
  const found = listed.data.find((c) => c.metadata?.[PORTAL_KEY] === key);
  if (found !== undefined) return found.id;
  const made = await stripe.billingPortal.configurations.create(
    {
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: { enabled: true, mode: 'at_period_end' },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          proration_behavior: 'create_prorations',
          products: [{ product: plans.product, prices: priceIds }],
        },
      },
      metadata: { [PORTAL_KEY]: key, [MetadataKey.tenantId]: tenantId },
    },
    { idempotencyKey: `tollgate-portal-${key}` },
  );
  return made.id;
}
