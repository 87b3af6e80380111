/**
 * The authorize view of a customer read for a quote: the reads an authorize makes, without a
 * lock and without a write, and what is due on the customer (holds and lots past expiry, due
 * grants) settled in memory by `projectSettlement` (domain/settlement.ts) instead of written.
 * Handed to `decideAuthorize`, it answers what an authorize right after would answer.
 */
import { type AuthorizeView, findCoverInstant, findHoldCap } from '../domain/authorize.ts';
import type { Catalog } from '../domain/catalog.ts';
import { credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { sumLiveRemaining } from '../domain/lots.ts';
import type { Quote } from '../domain/pricing.ts';
import { projectSettlement } from '../domain/settlement.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { findCustomerPlan } from './quotas.ts';
import { readDueGrants } from './settlement-view.ts';

/**
 * Reads one customer for a quote of `quote` (a hold of the catalog's default time to live on
 * the lots) and answers the view `decideAuthorize` takes, settled in memory; `not_found`
 * naming `customer`. Nothing is written.
 */
export async function readQuoteView(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  catalog: Catalog,
  quote: Quote,
): Promise<Result<AuthorizeView>> {
  const customer = await tx.customers.get(tenantId, customerId);
  if (customer === null) return fail('not_found', `no customer ${customerId}`, 'customer');
  const now = ctx.now();
  const plan = findCustomerPlan(catalog, customer.planId);
  const expiredHolds = customer.held > 0 ? await tx.holds.listExpiredActive(tenantId, customerId, now) : [];
  const [lots, active, quotaRows, due] = await Promise.all([
    tx.lots.listOpen(tenantId, customerId),
    tx.holds.describeActive(tenantId, customerId, findHoldCap(catalog) + expiredHolds.length),
    tx.quotas.list(tenantId, customerId),
    readDueGrants(tx, catalog, customer, now),
  ]);
  const settled = projectSettlement({
    now,
    catalog,
    plan,
    held: credits(customer.held),
    lots,
    expiredHolds,
    activeHolds: active,
    quotas: new Map(quotaRows.map((r) => [r.key, r])),
    due,
  });
  const ttlSeconds = catalog.holdTtlSeconds;
  const coverAt = findCoverInstant(now, ttlSeconds, settled.activeHolds.maxExpiresAt);
  return ok({
    now,
    customerId,
    catalog,
    plan,
    quote,
    ttlSeconds,
    activeHolds: settled.activeHolds,
    quotas: settled.quotas,
    parent: null,
    balanceAtCover: sumLiveRemaining(settled.lots, coverAt),
    held: settled.held,
    overdraftLimit: customer.overdraftLimit,
  });
}
