/**
 * What deciding a settlement (`decideSettlement`, domain/settlement.ts) reads beyond the loaded
 * customer: the grants due by now that are not claimed yet. A quote reads it to settle in
 * memory, a write to settle for real (`open-customer.ts`); nothing here writes.
 */
import type { Catalog } from '../domain/catalog.ts';
import { computeRewardPeriodKey, decideReward } from '../domain/rewards.ts';
import type { DueGrantsToApply } from '../domain/settlement.ts';
import type { StoreTx } from '../store/store.ts';
import type { CustomerRow } from '../store/types.ts';
import { PLAN_LOT_GRACE_MS } from './allowance.ts';
import { findDueGrants } from './due-grants.ts';
import { findCustomerPlan } from './quotas.ts';

/** The grants a settling write would apply now: due (`findDueGrants`) and not claimed yet. */
export async function readDueGrants(
  tx: StoreTx,
  catalog: Catalog,
  customer: CustomerRow,
  now: number,
): Promise<DueGrantsToApply> {
  const due = findDueGrants(catalog, customer, now);
  if (due === null) return { period: null, daily: null };
  const plan = findCustomerPlan(catalog, customer.planId);
  const [periods, dailyClaimed] = await Promise.all([
    due.period === null ? [] : tx.allowance.listPeriods(customer.tenantId, customer.id),
    due.daily
      ? tx.rewards.has(customer.tenantId, customer.id, 'daily', computeRewardPeriodKey('daily', now))
      : false,
  ]);
  const start = due.period?.start;
  const started = periods.some((p) => p.periodStart === start && p.planId === plan.id);
  const daily = due.daily
    ? decideReward({ catalog, plan, kind: 'daily', alreadyClaimed: dailyClaimed, now })
    : null;
  return {
    period: due.period === null || started ? null : { lotExpiresAt: due.period.end + PLAN_LOT_GRACE_MS },
    daily: daily?.ok ? { credits: daily.value.credits, expiresAt: daily.value.expiresAt } : null,
  };
}
