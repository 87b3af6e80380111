/**
 * The preambles of customer use cases in one call each: the tenant's current catalog, then the
 * customer locked and brought up to date (expired holds voided, dead lots expired, due grants
 * applied) by `openCustomer`.
 */
import type { Catalog } from '../domain/catalog.ts';
import { ok, type Result } from '../domain/errors.ts';
import { type GenerationParams, type Quote, quoteGeneration } from '../domain/pricing.ts';
import type { StoreTx } from '../store/store.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import type { CustomerState } from './ledger.ts';
import { loadCustomer, openCustomer, settleLoadedCustomer } from './open-customer.ts';

/** The catalog and the opened customer; `not_found` naming `tenant` or `customer`. */
export async function openTenantCustomer(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
): Promise<Result<{ catalog: Catalog; state: CustomerState }>> {
  const catalog = await loadTenantCatalog(ctx, tx, tenantId);
  if (!catalog.ok) return catalog;
  const opened = await openCustomer(ctx, tx, tenantId, customerId, catalog.value);
  if (!opened.ok) return opened;
  return ok({ catalog: catalog.value, state: opened.value });
}

/**
 * The preamble of a generation (authorize, charge): the catalog and the customer loaded
 * together (reads only, one round trip on PostgreSQL), the generation priced (a refusal such as
 * an unknown model comes before anything is settled or written), then the customer settled.
 */
export async function openGeneration(
  ctx: EngineContext,
  tx: StoreTx,
  request: { tenantId: string; customerId: string; modelId: string; params: GenerationParams },
): Promise<Result<{ catalog: Catalog; quote: Quote; state: CustomerState }>> {
  const [catalog, loaded] = await Promise.all([
    loadTenantCatalog(ctx, tx, request.tenantId),
    loadCustomer(ctx, tx, request.tenantId, request.customerId, { lotWindow: true, activeHolds: true }),
  ]);
  if (!catalog.ok) return catalog;
  const quote = quoteGeneration(catalog.value, request.modelId, request.params, ctx.pricing);
  if (!quote.ok) return quote;
  if (!loaded.ok) return loaded;
  const state = await settleLoadedCustomer(ctx, tx, loaded.value, catalog.value);
  return ok({ catalog: catalog.value, quote: quote.value, state });
}
