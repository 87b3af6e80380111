/**
 * Rewards: each claim is decided by the pure rules in `domain/rewards.ts`,
 * recorded uniquely per (customer, kind, period key), and granted as a lot whose source is
 * the reward's kind. Verifying email or buying triggers the referral reward for both sides.
 */
import type { Catalog, RewardKind } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import { computeRewardPeriodKey, decideReferral, decideReward, type RewardGrant } from '../domain/rewards.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { type CustomerState, creditNewLot, describeBalance, openCustomer } from './ledger.ts';
import { findCustomerPlan } from './quotas.ts';
import { openTenantCustomer } from './tenant-customer.ts';
import type { ClaimRewardInput, RewardResult } from './types.ts';
import { firstFailure, validateId } from './validate.ts';

const KINDS: readonly RewardKind[] = ['welcome', 'email_verified', 'social_share', 'referral', 'daily'];

async function applyGrant(
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

/**
 * Grants the referral reward to a locked referred customer and their referrer when the rules
 * allow; answers null (not a failure) when they do not yet, unless `strict`.
 */
export async function grantReferral(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  strict: boolean,
): Promise<
  Result<{ grant: RewardGrant; lotId: string; referrer: { customerId: string; lotId: string } } | null>
> {
  const now = ctx.now();
  const referred = state.customer;
  const referrerRow =
    referred.referredBy === null ? null : await tx.customers.get(state.tenantId, referred.referredBy);
  const decided = decideReferral({
    catalog,
    referred,
    referrer: referrerRow,
    hasPurchased: await tx.lots.hasSource(state.tenantId, referred.id, 'purchase'),
    alreadyClaimed: await tx.rewards.has(state.tenantId, referred.id, 'referral', 'once'),
    now,
  });
  if (!decided.ok) return strict ? decided : ok(null);
  const lot = await applyGrant(ctx, tx, state, catalog, decided.value.referred);
  const other = await openCustomer(ctx, tx, state.tenantId, referrerRow?.id ?? '', catalog);
  if (!other.ok) return other;
  const referrerLot = await applyGrant(ctx, tx, other.value, catalog, decided.value.referrer);
  return ok({
    grant: decided.value.referred,
    lotId: lot.id,
    referrer: { customerId: other.value.customer.id, lotId: referrerLot.id },
  });
}

/** Claims a reward for a customer (email verification also marks the email verified). */
export async function claimReward(
  ctx: EngineContext,
  input: ClaimRewardInput,
): Promise<Result<RewardResult>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    KINDS.includes(input.kind)
      ? ok(true)
      : fail('invalid_request', `unknown reward kind ${String(input.kind)}`, 'kind'),
  );
  if (invalid !== null) return invalid;
  const call = { customerId: input.customerId, kind: input.kind };
  return runIdempotent<RewardResult>(
    ctx,
    { ...input, operation: 'reward', input: call, customerIds: [input.customerId] },
    async (tx) => {
      const opened = await openTenantCustomer(ctx, tx, input.tenantId, input.customerId);
      if (!opened.ok) return opened;
      const { catalog, state } = opened.value;
      const now = ctx.now();
      const daily = input.kind === 'daily' ? state.dailyGrant : undefined;
      if (daily !== undefined) {
        // Opening the customer granted today's credit (due-grants.ts): this claim is that grant.
        const { lotId, credits, periodKey } = daily;
        const balance = describeBalance(state, now);
        return ok({ kind: 'daily', credits, lotId, periodKey, referrer: null, balance });
      }
      if (input.kind === 'referral') {
        const referral = await grantReferral(ctx, tx, state, catalog, true);
        if (!referral.ok) return referral;
        const r = referral.value;
        if (r === null) return fail('reward_not_eligible', 'referral not eligible', 'kind');
        return ok({
          kind: 'referral',
          credits: r.grant.credits,
          lotId: r.lotId,
          periodKey: r.grant.periodKey,
          referrer: { ...r.referrer, credits: r.grant.credits },
          balance: describeBalance(state, now),
        });
      }
      if (input.kind === 'email_verified') {
        await tx.customers.setEmailVerified(input.tenantId, input.customerId, now);
        state.customer = { ...state.customer, emailVerifiedAt: state.customer.emailVerifiedAt ?? now };
      }
      const granted = await grantRewardLot(ctx, tx, state, catalog, input.kind);
      if (!granted.ok) return granted;
      if (input.kind === 'email_verified') await grantReferral(ctx, tx, state, catalog, false);
      return ok({
        kind: input.kind,
        credits: granted.value.credits,
        lotId: granted.value.lotId,
        periodKey: granted.value.periodKey,
        referrer: null,
        balance: describeBalance(state, now),
      });
    },
  );
}
