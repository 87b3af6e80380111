/**
 * Rewards: each claim is decided by the pure rules in `domain/rewards.ts`,
 * recorded uniquely per (customer, kind, period key), and granted as a lot whose source is
 * the reward's kind. Verifying email or buying triggers the referral reward for both sides.
 */
import type { Catalog, RewardKind } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { decideReferral, type RewardGrant } from '../domain/rewards.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { type CustomerState, describeBalance } from './ledger.ts';
import { openCustomer } from './open-customer.ts';
import { applyGrant, grantRewardLot } from './reward-lots.ts';
import { openTenantCustomer } from './tenant-customer.ts';
import type { ClaimRewardInput, RewardResult } from './types.ts';
import { firstFailure, validateId } from './validate.ts';

const KINDS: readonly RewardKind[] = ['welcome', 'email_verified', 'social_share', 'referral', 'daily'];

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
