/**
 * Fires warnings: evaluates what the customer's figures call for, records each (kind,
 * threshold, period) once, and writes the fresh ones to the outbox in the same transaction.
 * Answers the fresh ones so the API answer carries them too.
 */

import { dayKey } from '../domain/calendar.ts';
import type { Catalog, Plan } from '../domain/catalog.ts';
import { credits } from '../domain/credits.ts';
import { isLotLive } from '../domain/lots.ts';
import { evaluateWarnings, WARNING_EVENT_TYPES, type Warning } from '../domain/warnings.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { type CustomerState, describeBalance } from './ledger.ts';
import { listQuotaStates } from './quotas.ts';

/** The plan credits of the current period not yet spent (from memory, or one indexed sum). */
async function sumPlanRemaining(tx: StoreTx, state: CustomerState, now: number): Promise<number> {
  const since = state.customer.periodStart;
  if (!state.allLots) {
    return tx.lots.sumLiveBySourceSince(state.tenantId, state.customer.id, 'plan', since, now);
  }
  let sum = 0;
  for (const lot of state.lots) {
    if (lot.source === 'plan' && isLotLive(lot, now) && lot.createdAt >= since) sum += lot.remaining;
  }
  return sum;
}

/**
 * Evaluates and fires the customer's warnings; answers those that fired now. `spent` is what
 * the operation took from the available credits (negative when it gave some back), so
 * `depleted` fires only for a customer who had credits before it.
 */
export async function fireWarnings(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  plan: Plan,
  spent: number,
): Promise<Warning[]> {
  const now = ctx.now();
  const figures = describeBalance(state, now);
  const planRemaining = plan.monthlyCredits > 0 ? await sumPlanRemaining(tx, state, now) : 0;
  const hasQuotas = Object.keys(plan.limits).length > 0;
  const candidates = evaluateWarnings({
    period: dayKey(state.customer.periodStart),
    available: figures.available,
    availableBefore: credits(figures.available + spent),
    planAllowance: plan.monthlyCredits,
    planRemaining: credits(planRemaining),
    creditWarningsPct: plan.creditWarningsPct,
    lowBalanceCredits: catalog.lowBalanceCredits,
    quotas: hasQuotas ? await listQuotaStates(tx, state, plan, now) : [],
  });
  const fresh: Warning[] = [];
  for (const w of candidates) {
    const fired = await tx.warnings.fire(state.tenantId, state.customer.id, {
      kind: w.kind,
      threshold: w.threshold,
      period: w.period,
      firedAt: now,
    });
    if (!fired) continue;
    fresh.push(w);
    await tx.outbox.insert({
      id: ctx.newId(),
      tenantId: state.tenantId,
      type: WARNING_EVENT_TYPES[w.kind],
      payload: {
        customer: state.customer.id,
        kind: w.kind,
        threshold: w.threshold,
        message: w.message,
        ...w.data,
      },
      createdAt: now,
    });
  }
  return fresh;
}
