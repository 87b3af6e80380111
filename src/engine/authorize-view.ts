/**
 * What `decideAuthorize` (domain/authorize.ts) decides on, read for a customer locked and
 * settled by a write (`loadAuthorizeView`), and the quota takes of its plan written back
 * (`saveQuotaTakes`). A quote reads the same view without a lock and settles it in memory
 * (`quote-view.ts`), so both answer the one decision.
 */
import {
  type AuthorizeView,
  findCoverInstant,
  findHoldCap,
  type QuotaTakePlan,
} from '../domain/authorize.ts';
import type { Catalog } from '../domain/catalog.ts';
import { credits } from '../domain/credits.ts';
import type { Quote } from '../domain/pricing.ts';
import { listQuotaKeys, type QuotaState } from '../domain/quota.ts';
import type { StoreTx } from '../store/store.ts';
import type { HoldRow, QuotaTake } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import { type CustomerState, describeActiveHolds, findBalanceAt } from './ledger.ts';
import { findCustomerPlan } from './quotas.ts';

/**
 * Reads, on a locked and settled customer, what the decision needs beyond the state: the
 * active holds (usually read with the customer), the states of the quotas the request falls
 * under (none read when it falls under none) and, for a hold on the lots, the balance live at
 * the instant the hold must be covered to. Writes nothing.
 */
export async function loadAuthorizeView(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  quote: Quote,
  ttlSeconds: number,
  parent: HoldRow | null,
): Promise<AuthorizeView> {
  const now = ctx.now();
  const plan = findCustomerPlan(catalog, state.customer.planId);
  const active = await describeActiveHolds(tx, state, findHoldCap(catalog));
  const coverAt = findCoverInstant(now, ttlSeconds, active.maxExpiresAt);
  const [quotas, balanceAtCover] = await Promise.all([
    listQuotaKeys(plan, quote).length === 0
      ? new Map<string, QuotaState>()
      : tx.quotas
          .list(state.tenantId, state.customer.id)
          .then((rows) => new Map(rows.map((r) => [r.key, r]))),
    parent === null ? findBalanceAt(tx, state, now, coverAt) : credits(0),
  ]);
  return {
    now,
    customerId: state.customer.id,
    catalog,
    plan,
    quote,
    ttlSeconds,
    activeHolds: { count: active.count, maxExpiresAt: active.maxExpiresAt },
    quotas,
    parent: parent === null ? null : { id: parent.id, left: parent.credits, expiresAt: parent.expiresAt },
    balanceAtCover,
    held: credits(state.held),
    overdraftLimit: state.customer.overdraftLimit,
  };
}

/** Writes the quota states an authorize plan takes; answers the takes the hold records. */
export async function saveQuotaTakes(
  tx: StoreTx,
  state: CustomerState,
  takes: readonly QuotaTakePlan[],
): Promise<QuotaTake[]> {
  for (const t of takes) await tx.quotas.save(state.tenantId, state.customer.id, { key: t.key, ...t.state });
  return takes.map((t) => ({ key: t.key, count: t.count, month: t.month }));
}
