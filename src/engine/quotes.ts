/**
 * Read-only pricing for a tenant: the catalog and its price list, a quote for one generation
 * or a batch, and, when a customer is named, whether they may run it and can afford it.
 * Nothing is written: a quote reserves nothing (a hold does).
 */
import type { Catalog } from '../domain/catalog.ts';
import { type Credits, credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { sumLiveRemaining } from '../domain/lots.ts';
import {
  type Alternative,
  type BatchItem,
  type BatchQuote,
  DEFAULT_ALTERNATIVES,
  type GenerationParams,
  listModelPrices,
  type PriceRow,
  type Quote,
  quoteBatch,
  quoteGeneration,
} from '../domain/pricing.ts';
import { findCoveringOffers, type Offer } from '../domain/projections.ts';
import type { StoreTx } from '../store/store.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { findCustomerPlan } from './quotas.ts';
import { suggestAlternatives, suggestForCustomer, validateMaxAlternatives } from './suggestions.ts';

/** Whether one customer could run a quoted request now. */
export interface Affordability {
  readonly customerId: string;
  readonly planId: string;
  readonly available: Credits;
  readonly entitled: boolean;
  readonly affordable: boolean;
  readonly shortfall: Credits;
  /** Packs and plans that would cover the shortfall, cheapest first. */
  readonly offers: readonly Offer[];
}

export interface QuoteAnswer {
  readonly quote: Quote;
  readonly alternatives: readonly Alternative[];
  readonly customer: Affordability | null;
}

export interface BatchQuoteAnswer {
  readonly batch: BatchQuote;
  readonly customer: Affordability;
  readonly bulkAllowed: boolean;
}

async function checkAffordability(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  catalog: Catalog,
  price: Credits,
  categories: readonly string[],
): Promise<Result<Affordability>> {
  const customer = await tx.customers.get(tenantId, customerId);
  if (customer === null) return fail('not_found', `no customer ${customerId}`, 'customer');
  const lots = await tx.lots.listOpen(tenantId, customerId);
  const available = credits(sumLiveRemaining(lots, ctx.now()) - customer.held + customer.overdraftLimit);
  const plan = findCustomerPlan(catalog, customer.planId);
  const shortfall = credits(Math.max(0, price - available));
  return ok({
    customerId,
    planId: plan.id,
    available,
    entitled: categories.every((c) => plan.entitlements.categories.includes(c)),
    affordable: shortfall === 0,
    shortfall,
    offers: shortfall > 0 ? findCoveringOffers(catalog, shortfall, plan.id) : [],
  });
}

/** Quotes one generation at the tenant's current catalog (and checks a customer if named). */
export async function quoteForTenant(
  ctx: EngineContext,
  input: {
    tenantId: string;
    customerId?: string;
    modelId: string;
    params: GenerationParams;
    /** How many cheaper models to suggest, 0-10 (default 3). */
    maxAlternatives?: number;
  },
): Promise<Result<QuoteAnswer>> {
  const invalid = validateMaxAlternatives(input.maxAlternatives);
  if (!invalid.ok) return invalid;
  const max = input.maxAlternatives ?? DEFAULT_ALTERNATIVES;
  return ctx.store.read(async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, input.tenantId);
    if (!catalog.ok) return catalog;
    const quote = quoteGeneration(catalog.value, input.modelId, input.params, ctx.pricing);
    if (!quote.ok) return quote;
    if (input.customerId === undefined) {
      const alternatives = suggestAlternatives(ctx, catalog.value, input.modelId, input.params, max);
      return ok({ quote: quote.value, alternatives, customer: null });
    }
    const q = quote.value;
    const customer = await checkAffordability(
      ctx,
      tx,
      input.tenantId,
      input.customerId,
      catalog.value,
      q.credits,
      [q.category],
    );
    if (!customer.ok) return customer;
    // With a customer: free models only while their free quota has room; when they cannot
    // afford the request, only what they can afford now.
    const plan = findCustomerPlan(catalog.value, customer.value.planId);
    const alternatives = await suggestForCustomer(
      ctx,
      tx,
      { tenantId: input.tenantId, customerId: input.customerId, plan },
      catalog.value,
      { modelId: input.modelId, params: input.params },
      customer.value.affordable ? { max } : { max, spendable: customer.value.available },
    );
    return ok({ quote: q, alternatives, customer: customer.value });
  });
}

/** Quotes a batch with the customer's plan discount (all items or none). */
export async function quoteBatchForTenant(
  ctx: EngineContext,
  input: { tenantId: string; customerId: string; items: readonly BatchItem[] },
): Promise<Result<BatchQuoteAnswer>> {
  return ctx.store.read(async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, input.tenantId);
    if (!catalog.ok) return catalog;
    const customer = await tx.customers.get(input.tenantId, input.customerId);
    if (customer === null) return fail('not_found', `no customer ${input.customerId}`, 'customer');
    const plan = findCustomerPlan(catalog.value, customer.planId);
    const batch = quoteBatch(catalog.value, plan, input.items, ctx.pricing);
    if (!batch.ok) return batch;
    const categories = [...new Set(batch.value.items.map((q) => q.category))];
    const afford = await checkAffordability(
      ctx,
      tx,
      input.tenantId,
      input.customerId,
      catalog.value,
      batch.value.total,
      categories,
    );
    if (!afford.ok) return afford;
    return ok({ batch: batch.value, customer: afford.value, bulkAllowed: plan.entitlements.bulkOperations });
  });
}

/** The tenant's current catalog and its price list. */
export async function readTenantCatalog(
  ctx: EngineContext,
  tenantId: string,
): Promise<Result<{ catalog: Catalog; prices: PriceRow[] }>> {
  return ctx.store.read(async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, tenantId);
    return catalog.ok ? ok({ catalog: catalog.value, prices: listModelPrices(catalog.value) }) : catalog;
  });
}
