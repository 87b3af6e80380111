/**
 * Read-only pricing for a tenant: the catalog and its price list, a quote for one generation
 * or a batch, and, when a customer is named, whether they may run it and can afford it: the
 * authorize decision (`decideAuthorize`, domain/authorize.ts) run on the customer as an
 * authorize would see them, never applied. Nothing is written: a quote reserves nothing, and
 * what is due on the customer is settled in memory only (`quote-view.ts`).
 */
import {
  checkCreditsCover,
  checkEntitled,
  computeCoverable,
  decideAuthorize,
  findShortfall,
} from '../domain/authorize.ts';
import type { Catalog } from '../domain/catalog.ts';
import { type Credits, credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
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
import { readQuoteView } from './quote-view.ts';
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

/**
 * Whether a customer may run a quoted request now: `decideAuthorize` on the customer as an
 * authorize right after would see them (settled in memory, `readQuoteView`), not applied.
 * `affordable` is whether that authorize would place the hold; `entitled` whether the plan
 * includes the model's category; `shortfall` the credits missing (0 when the credits cover
 * it, whatever else refuses); `available` what a hold may draw on (lots live until the hold's
 * cover instant, less what is held, plus the overdraft limit).
 */
async function decideForQuote(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  catalog: Catalog,
  quote: Quote,
): Promise<Result<Affordability>> {
  const view = await readQuoteView(ctx, tx, tenantId, customerId, catalog, quote);
  if (!view.ok) return view;
  const { plan } = view.value;
  const decided = decideAuthorize(view.value);
  const cover = checkCreditsCover(view.value);
  const offers = cover.ok ? [] : ((cover.error.details?.offers ?? []) as Offer[]);
  return ok({
    customerId,
    planId: plan.id,
    available: computeCoverable(view.value),
    // Entitlement is the decision's first check: only its refusal says the plan excludes the model.
    entitled: decided.ok || decided.error.code !== 'not_entitled',
    affordable: decided.ok,
    shortfall: findShortfall(cover, quote.credits),
    offers,
  });
}

/**
 * Whether a customer could run a batch now: the authorize view of its first item (settled in
 * memory, `readQuoteView`) against the batch's total; each item's hold is then decided by
 * `decideAuthorize` when the batch is placed.
 */
async function checkBatchAffordability(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  catalog: Catalog,
  batch: BatchQuote,
): Promise<Result<Affordability>> {
  const first = batch.items[0];
  if (first === undefined) return fail('invalid_request', 'a batch needs at least one item', 'items');
  const view = await readQuoteView(ctx, tx, tenantId, customerId, catalog, first);
  if (!view.ok) return view;
  const { plan } = view.value;
  const available = computeCoverable(view.value);
  const shortfall = credits(Math.max(0, batch.total - available));
  const categories = new Set(batch.items.map((q) => q.category));
  return ok({
    customerId,
    planId: plan.id,
    available,
    entitled: [...categories].every((c) => checkEntitled(catalog, plan, c).ok),
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
    const customer = await decideForQuote(ctx, tx, input.tenantId, input.customerId, catalog.value, q);
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
    const afford = await checkBatchAffordability(
      ctx,
      tx,
      input.tenantId,
      input.customerId,
      catalog.value,
      batch.value,
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
