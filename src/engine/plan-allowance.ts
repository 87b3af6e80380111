/**
 * Plans and allowances without Stripe (issue 12.3): an operator moves a customer to a plan and,
 * when asked, starts the period with the plan's monthly credits exactly as a paid renewal does
 * (`startPlanPeriod`: the last period's plan lots end, up to the rollover cap is kept). A
 * customer with a current Stripe subscription is refused: its next invoice or change would
 * undo the move, so the plan of a subscriber changes through checkout (`subscription_update`).
 */
import { monthKey } from '../domain/calendar.ts';
import type { Catalog, Plan } from '../domain/catalog.ts';
import { credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { StoreTx } from '../store/store.ts';
import { startPlanPeriod } from './allowance.ts';
import type { EngineContext } from './context.ts';
import { type CustomerState, loadAllLots } from './ledger.ts';
import type { PlanAllowance } from './types.ts';

/** Refuses a plan change for a customer whose plan follows a Stripe subscription. */
export async function refuseSubscriber(tx: StoreTx, state: CustomerState): Promise<Result<true>> {
  const current = await tx.subscriptions.getCurrent(state.tenantId, state.customer.id);
  if (current === null) return ok(true);
  return fail(
    'invalid_request',
    `customer ${state.customer.id} subscribes through Stripe (${current.subscriptionId}): change the plan with POST /v1/checkout (it answers the subscription update) or cancel the subscription first`,
    'customer',
  );
}

/**
 * Inside a write, on a locked customer: starts [start, end) on `plan` with its monthly credits.
 * Once per customer, period start and plan (a second call grants nothing and answers so).
 */
export async function grantPlanAllowance(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  plan: Plan,
  period: { readonly start: number; readonly end: number },
): Promise<PlanAllowance> {
  await loadAllLots(tx, state); // ending the last period's allowance reads its plan lots
  const ref = `allowance:${plan.id}:${monthKey(period.start)}`;
  const started = await startPlanPeriod(ctx, tx, state, catalog, plan, { ...period, ref });
  return {
    granted: started.lotId !== null,
    credits: describePlanCredits(state),
    ended: started.ended,
    carried: started.carried,
  };
}

/** What the customer has in plan credits now, for an answer that did not grant (or was granted by due grants). */
export function describePlanCredits(state: CustomerState) {
  return credits(state.lots.filter((l) => l.source === 'plan').reduce((sum, l) => sum + l.remaining, 0));
}

/**
 * The answer when this request started no period itself: the plan credits the customer has.
 * For a new customer those can only come from this request (a plan priced 0 is granted its
 * allowance when the customer is opened), so `granted` says whether there are any.
 */
export function describeNoGrant(state: CustomerState, newCustomer: boolean): PlanAllowance {
  const had = describePlanCredits(state);
  return { granted: newCustomer && had > 0, credits: had, ended: credits(0), carried: credits(0) };
}
