/**
 * Grants that fall due with time alone, applied lazily so no scheduler is needed for
 * correctness (issue 6 item 7): the calendar-month allowance of plans without Stripe (price 0;
 * paid plans renew from invoices) and the daily free credit. `openCustomer` applies them to
 * every customer it locks; whether anything is due is decided in memory from the locked row's
 * period and marks, so a write with nothing due runs no extra statement. Reads ask first
 * (`findDueGrants` on the row the read loaded) and settle in a write only when something is due.
 */
import { dayKey, monthKey, startOfMonth, startOfNextMonth } from '../domain/calendar.ts';
import type { Catalog } from '../domain/catalog.ts';
import { decideReward } from '../domain/rewards.ts';
import type { SettlementPlan } from '../domain/settlement.ts';
import type { StoreTx } from '../store/store.ts';
import type { CustomerRow } from '../store/types.ts';
import { startPlanPeriod } from './allowance.ts';
import type { EngineContext } from './context.ts';
import { type CustomerState, loadAllLots } from './ledger.ts';
import { findCustomerPlan } from './quotas.ts';
import { grantRewardLot } from './reward-lots.ts';

/** What is due for a customer at a time: a calendar period to start, the day's credit. */
export interface DueGrants {
  readonly period: { readonly start: number; readonly end: number } | null;
  readonly daily: boolean;
}

/**
 * What is due at `now`, from the customer row alone (no statement): on a price-0 plan, a new
 * calendar period once the current one has ended (or its allowance was never granted, for a
 * plan with monthly credits); the daily credit when today's is not marked and
 * `decideReward('daily')` would grant one. Null when nothing is due.
 */
export function findDueGrants(catalog: Catalog, customer: CustomerRow, now: number): DueGrants | null {
  const plan = findCustomerPlan(catalog, customer.planId);
  const ungranted = plan.monthlyCredits > 0 && (customer.allowanceStart ?? null) !== customer.periodStart;
  const periodDue = plan.priceCents === 0 && (now >= customer.periodEnd || ungranted);
  const daily =
    (customer.dailyCreditDay ?? null) !== dayKey(now) &&
    decideReward({ catalog, plan, kind: 'daily', alreadyClaimed: false, now }).ok;
  if (!periodDue && !daily) return null;
  return { period: periodDue ? { start: startOfMonth(now), end: startOfNextMonth(now) } : null, daily };
}

/**
 * Inside a write, on a locked customer: applies the grants `findDueGrants` found due, as the
 * settlement decided them (`decideSettlement`: a period it found not started yet, with its
 * rollover split).
 */
export async function applyDueGrants(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  due: DueGrants,
  decided: SettlementPlan,
): Promise<void> {
  const now = ctx.now();
  await loadAllLots(tx, state); // ending a period's allowance reads its plan lots
  if (due.period !== null) {
    const plan = findCustomerPlan(catalog, state.customer.planId);
    const ref = `period:${plan.id}:${monthKey(due.period.start)}`;
    if (decided.period !== null) {
      const { toEnd, toCarry } = decided.period;
      await startPlanPeriod(ctx, tx, state, catalog, plan, { ...due.period, ref }, { toEnd, toCarry });
    }
    if (state.customer.allowanceStart !== due.period.start) {
      // Started before (the customer left this plan and came back within the month): move the
      // period and the mark along without a second allowance, so it is not due again.
      const { tenantId, customer } = state;
      await tx.customers.setPlan(tenantId, customer.id, plan.id, due.period.start, due.period.end, now);
      await tx.allowance.markAllowance(tenantId, customer.id, due.period.start);
      state.customer = {
        ...customer,
        planId: plan.id,
        periodStart: due.period.start,
        periodEnd: due.period.end,
        allowanceStart: due.period.start,
      };
    }
  }
  if (due.daily) {
    const day = dayKey(now);
    // Same claim key as `claimReward({kind: 'daily'})`, so the two never both grant a day.
    const granted = await grantRewardLot(ctx, tx, state, catalog, 'daily');
    if (granted.ok) {
      const { lotId, credits, periodKey } = granted.value;
      state.dailyGrant = { lotId, credits, periodKey };
    }
    await tx.allowance.markDailyCredit(state.tenantId, state.customer.id, day);
    state.customer = { ...state.customer, dailyCreditDay: day };
  }
}
