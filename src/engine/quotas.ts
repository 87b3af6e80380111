/**
 * Quotas as the engine applies them: which limits a request falls under (the plan's limit
 * for the model's category, the free plan's free-model generations), giving back what a hold
 * took on void or expiry, and describing them for a customer page (authorize takes them by
 * the plan `decideAuthorize` answers, domain/authorize.ts).
 */
import type { Catalog, Plan } from '../domain/catalog.ts';
import { defaultPlan, findPlan } from '../domain/catalog.ts';
import {
  createQuotaState,
  describeQuota,
  FREE_QUOTA_KEY,
  findQuotaLimit,
  giveBackQuota,
  type QuotaLimit,
  type QuotaState,
} from '../domain/quota.ts';
import type { StoreTx } from '../store/store.ts';
import type { QuotaTake } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import type { CustomerState } from './ledger.ts';
import type { QuotaInfo } from './types.ts';

/** The customer's plan in this catalog (the default plan if theirs is gone). */
export function findCustomerPlan(catalog: Catalog, planId: string): Plan {
  const plan = findPlan(catalog, planId) ?? defaultPlan(catalog);
  if (plan === undefined) throw new Error(`catalog ${catalog.id} has no plans`);
  return plan;
}

async function loadStates(tx: StoreTx, state: CustomerState): Promise<Map<string, QuotaState>> {
  const rows = await tx.quotas.list(state.tenantId, state.customer.id);
  return new Map(rows.map((r) => [r.key, r]));
}

/** Gives back what a hold took (limits the plan no longer has are skipped). */
export async function giveBackQuotas(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  takes: readonly QuotaTake[],
): Promise<void> {
  if (takes.length === 0) return;
  const plan = findCustomerPlan(catalog, state.customer.planId);
  const states = await loadStates(tx, state);
  const now = ctx.now();
  for (const take of takes) {
    const limit = findQuotaLimit(plan, take.key);
    const current = states.get(take.key);
    if (limit === null || current === undefined) continue;
    const back = giveBackQuota(current, limit, take.count, take.month, now);
    await tx.quotas.save(state.tenantId, state.customer.id, { key: take.key, ...back });
  }
}

/** Every quota of the customer's plan with its current state. */
export async function listQuotaStates(
  tx: StoreTx,
  state: CustomerState,
  plan: Plan,
  now: number,
): Promise<{ name: string; limit: QuotaLimit; state: QuotaState }[]> {
  const states = await loadStates(tx, state);
  const keys = [...Object.keys(plan.limits).map((c) => `category:${c}`)];
  if (plan.freeGenerationsPerMonth !== null) keys.push(FREE_QUOTA_KEY);
  return keys.map((key) => {
    const limit = findQuotaLimit(plan, key) as QuotaLimit;
    return { name: key, limit, state: states.get(key) ?? createQuotaState(limit, now) };
  });
}

/** Quotas as a customer page shows them. */
export function describeQuotas(
  list: { name: string; limit: QuotaLimit; state: QuotaState }[],
  now: number,
): QuotaInfo[] {
  return list.map((q) => ({
    key: q.name,
    ...describeQuota(q.state, q.limit, now),
    perDay: q.limit.perDay,
    burst: q.limit.burst,
    perMonth: q.limit.perMonth,
  }));
}
