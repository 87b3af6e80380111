/**
 * Plan periods: starting a period sets the customer's plan and period, grants
 * the plan's monthly allowance as a `plan` lot and ends the last period's allowance, keeping at
 * most the plan's rollover cap of it for the new period. A paid renewal (Stripe `invoice.paid`)
 * calls it, and so does `due-grants.ts` for plans without Stripe. Each (customer, period start,
 * plan) starts once: the claim in `plan_periods` is what keeps an allowance from being granted twice.
 */
import { DAY_MS } from '../domain/calendar.ts';
import type { Catalog, Plan } from '../domain/catalog.ts';
import { type Credits, centsToMicros, credits } from '../domain/credits.ts';
import { SystemAccount } from '../domain/journal.ts';
import { orderLotsForConsumption } from '../domain/lots.ts';
import { type RolloverSplit, splitRollover, sumAllocated } from '../domain/rollover.ts';
import type { StoreTx } from '../store/store.ts';
import type { LotRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import {
  announceExpired,
  type CustomerState,
  creditNewLot,
  debitAllocations,
  describeBalance,
} from './ledger.ts';

/**
 * How long a plan lot outlives its period. A renewal invoice is paid after the period ends
 * (Stripe finalizes it about an hour later and retries a failing card for days), and the
 * renewal ends the old lot itself; a lot dying exactly at period end would leave a gap with
 * no allowance and nothing left to roll over. A cancellation ends the lots explicitly too.
 */
export const PLAN_LOT_GRACE_MS = 7 * DAY_MS;

/** A plan period [start, end) and the ref its allowance lot carries (invoice, payment, ...). */
export interface PlanPeriod {
  readonly start: number;
  readonly end: number;
  readonly ref: string;
}

/** What starting a period did: the new allowance lot (null if none), what was kept and ended. */
export interface PlanPeriodStarted {
  readonly lotId: string | null;
  readonly carried: Credits;
  readonly ended: Credits;
}

const NOTHING: PlanPeriodStarted = { lotId: null, carried: credits(0), ended: credits(0) };

/**
 * Inside a write, on a locked customer: starts `period` on `plan`. Answers nothing done when
 * this customer already started this period on this plan (a replayed or duplicate renewal).
 * `rollover` is the split a settlement decided (`decideSettlement`); without it, the split
 * is decided here from the state, by the same rule (`splitRollover`).
 */
export async function startPlanPeriod(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  plan: Plan,
  period: { start: number; end: number; ref: string },
  rollover?: RolloverSplit,
): Promise<{ lotId: string | null; carried: Credits; ended: Credits }> {
  const now = ctx.now();
  const { tenantId } = state;
  const customerId = state.customer.id;
  const claimed = await tx.allowance.claimPeriod({
    tenantId,
    customerId,
    periodStart: period.start,
    periodEnd: period.end,
    planId: plan.id,
    ref: period.ref,
    createdAt: now,
  });
  if (!claimed) return NOTHING;
  await tx.customers.setPlan(tenantId, customerId, plan.id, period.start, period.end, now);
  await tx.allowance.markAllowance(tenantId, customerId, period.start);
  state.customer = {
    ...state.customer,
    planId: plan.id,
    periodStart: period.start,
    periodEnd: period.end,
    allowanceStart: period.start,
  };
  const previous = orderLotsForConsumption(
    state.lots.filter((l) => l.source === 'plan'),
    now,
  );
  const expiresAt = period.end + PLAN_LOT_GRACE_MS;
  let lotId: string | null = null;
  if (plan.monthlyCredits > 0) {
    const { lot } = await creditNewLot(
      ctx,
      tx,
      state,
      {
        source: 'plan',
        amount: plan.monthlyCredits,
        priority: catalog.lotPriorities.plan,
        expiresAt,
        costBasisMicros: centsToMicros(plan.priceCents),
        reason: `${plan.name} allowance`,
        ref: period.ref,
      },
      SystemAccount.issuedPlan,
      'grant',
    );
    lotId = lot.id;
  }
  const split = rollover ?? splitRollover(previous, plan.rolloverCap, describeBalance(state, now).available);
  const { carried, ended } = await endPreviousAllowance(ctx, tx, state, catalog, previous, split, {
    expiresAt,
    ref: period.ref,
  });
  return { lotId, carried, ended };
}

/**
 * Ends the previous plan lots as `split` says (`splitRollover` in domain/rollover.ts decides
 * how much of which is kept, up to the cap, and never ends what active holds reserve). Kept
 * credits go back to `issued:plan` and out again as a new `plan` lot for the new period (one
 * per old lot, keeping its ref so a refund of that payment still finds them).
 */
async function endPreviousAllowance(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  previous: readonly LotRow[],
  { toEnd, toCarry }: RolloverSplit,
  rule: { expiresAt: number; ref: string },
): Promise<{ carried: Credits; ended: Credits }> {
  if (toEnd.length > 0) {
    await debitAllocations(ctx, tx, state, toEnd, 'expiry', SystemAccount.expired, rule.ref);
    await announceExpired(ctx, tx, state, 'plan', toEnd);
  }
  for (const { lotId, credits: amount } of toCarry) {
    const from = [{ lotId, credits: amount }];
    await debitAllocations(ctx, tx, state, from, 'rollover', SystemAccount.issuedPlan, rule.ref);
    await creditNewLot(
      ctx,
      tx,
      state,
      {
        source: 'plan',
        amount,
        priority: catalog.lotPriorities.plan,
        expiresAt: rule.expiresAt,
        costBasisMicros: 0,
        reason: 'rollover',
        ref: previous.find((l) => l.id === lotId)?.ref ?? null,
      },
      SystemAccount.issuedPlan,
      'rollover',
    );
  }
  return { carried: sumAllocated(toCarry), ended: sumAllocated(toEnd) };
}
