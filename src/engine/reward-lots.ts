/**
 * A reward granted as a lot to a locked customer: decided by `domain/rewards.ts`, claimed once
 * per (customer, kind, period key), announced in the outbox. Apart from the reward use cases
 * (`rewards.ts`) because the due grants (the daily credit) and sign-up use it while a customer
 * is being opened, which the use cases themselves depend on.
 */
import type { Catalog, RewardKind } from '../domain/catalog.ts';
import { ok, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import { computeRewardPeriodKey, decideReward, type RewardGrant } from '../domain/rewards.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { type CustomerState, creditNewLot } from './ledger.ts';
import { findCustomerPlan } from './quotas.ts';

/** Credits a decided reward as a lot and records its claim. */
export async function applyGrant(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  grant: RewardGrant,
) {
  const { lot } = await creditNewLot(
    ctx,
    tx,
    state,
    {
      source: `reward:${grant.kind}`,
      amount: grant.credits,
      priority: catalog.lotPriorities.reward,
      expiresAt: grant.expiresAt,
      costBasisMicros: 0,
      reason: `${grant.kind} reward`,
      ref: `reward:${grant.kind}:${grant.periodKey}`,
    },
    SystemAccount.issuedPromotional,
    'grant',
  );
  if (
    !(await tx.rewards.claim(
      state.tenantId,
      state.customer.id,
      grant.kind,
      grant.periodKey,
      lot.id,
      ctx.now(),
    ))
  ) {
    throw new Error('reward claimed twice in one transaction');
  }
  await tx.outbox.insert({
    id: ctx.newId(),
    tenantId: state.tenantId,
    type: 'reward.granted',
    payload: { customer: state.customer.id, kind: grant.kind, credits: grant.credits, lot: lot.id },
    createdAt: ctx.now(),
  });
  return lot;
}

/** Decides and grants a simple reward to a locked customer. */
export async function grantRewardLot(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  kind: Exclude<RewardKind, 'referral'>,
): Promise<Result<RewardGrant & { lotId: string }>> {
  const now = ctx.now();
  const claimed = await tx.rewards.has(
    state.tenantId,
    state.customer.id,
    kind,
    computeRewardPeriodKey(kind, now),
  );
  const plan = findCustomerPlan(catalog, state.customer.planId);
  const decided = decideReward({ catalog, plan, kind, alreadyClaimed: claimed, now });
  if (!decided.ok) return decided;
  const lot = await applyGrant(ctx, tx, state, catalog, decided.value);
  return ok({ ...decided.value, lotId: lot.id });
}
