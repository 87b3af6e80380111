/**
 * The preamble of every customer use case in one call: the tenant's current catalog, then the
 * customer locked and brought up to date (expired holds voided, dead lots expired, due grants
 * applied) by `openCustomer`.
 */
import type { Catalog } from '../domain/catalog.ts';
import { ok, type Result } from '../domain/errors.ts';
import type { StoreTx } from '../store/store.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { type CustomerState, openCustomer } from './ledger.ts';

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
