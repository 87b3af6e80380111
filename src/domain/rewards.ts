/**
 * Reward rules and their limits (SPEC section 6): welcome once, email verified once, social
 * share at most once a day, daily credit at most once a day on the free plan, referral to
 * both only for a new, different customer who verifies email or buys. Each claim has a
 * period key; the engine records (customer, kind, period key) uniquely, so a limit holds
 * even under concurrent claims.
 */
import { DAY_MS, dayKey } from './calendar.ts';
import type { Catalog, Plan, RewardKind } from './catalog.ts';
import { type Credits, credits } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';

/** A reward to grant: which lot to create and under which claim key. */
export interface RewardGrant {
  readonly kind: RewardKind;
  readonly periodKey: string;
  readonly credits: Credits;
  readonly expiresAt: number | null;
}

export interface RewardCustomer {
  readonly id: string;
  readonly createdAt: number;
  readonly emailVerifiedAt: number | null;
  readonly referredBy: string | null;
}

function expiryOf(days: number | null, now: number): number | null {
  return days === null ? null : now + days * DAY_MS;
}

/** Period key under which a reward kind is limited at `now`. */
export function computeRewardPeriodKey(kind: RewardKind, now: number): string {
  return kind === 'social_share' || kind === 'daily' ? dayKey(now) : 'once';
}

/**
 * Decides a simple (non-referral) reward. `alreadyClaimed` says whether the customer has a
 * claim of that kind under the period key this returns for `now`.
 */
export function decideReward(input: {
  readonly catalog: Catalog;
  readonly plan: Plan;
  readonly kind: Exclude<RewardKind, 'referral'>;
  readonly alreadyClaimed: boolean;
  readonly now: number;
}): Result<RewardGrant> {
  const { catalog, plan, kind, now } = input;
  const rule = catalog.rewards[kind];
  let amount: number = rule?.credits ?? 0;
  if (kind === 'daily') {
    const onFreePlan = plan.priceCents === 0;
    amount = plan.dailyCredits > 0 ? plan.dailyCredits : onFreePlan ? amount : 0;
    if (amount <= 0) return fail('reward_not_eligible', 'the daily credit is only for the free plan', 'kind');
  }
  if (amount <= 0) return fail('reward_not_eligible', `this catalog has no ${kind} reward`, 'kind');
  const periodKey = computeRewardPeriodKey(kind, now);
  if (input.alreadyClaimed) {
    const when = periodKey === 'once' ? 'already claimed' : 'already claimed today';
    return fail('reward_not_eligible', `${kind.replaceAll('_', ' ')} reward ${when}`, 'kind', { periodKey });
  }
  return ok({
    kind,
    periodKey,
    credits: credits(amount),
    expiresAt: expiryOf(rule?.expiresInDays ?? null, now),
  });
}

/**
 * Decides the referral reward for a referred customer and their referrer. Both get it only
 * when the referred customer signed up with the code (new), is not the referrer, and has
 * verified their email or bought credits; each side at most once per referred customer.
 */
export function decideReferral(input: {
  readonly catalog: Catalog;
  readonly referred: RewardCustomer;
  readonly referrer: RewardCustomer | null;
  readonly hasPurchased: boolean;
  readonly alreadyClaimed: boolean;
  readonly now: number;
}): Result<{ referred: RewardGrant; referrer: RewardGrant }> {
  const { catalog, referred, referrer, now } = input;
  const rule = catalog.rewards.referral;
  if (rule === undefined || rule.credits <= 0)
    return fail('reward_not_eligible', 'no referral reward', 'kind');
  if (referred.referredBy === null || referrer === null) {
    return fail('reward_not_eligible', 'customer was not referred at sign-up', 'kind');
  }
  if (referrer.id === referred.id)
    return fail('reward_not_eligible', 'a customer cannot refer themselves', 'kind');
  if (referrer.createdAt > referred.createdAt) {
    return fail('reward_not_eligible', 'the referred customer existed before the referrer', 'kind');
  }
  if (referred.emailVerifiedAt === null && !input.hasPurchased) {
    return fail('reward_not_eligible', 'the referred customer has not verified email or bought yet', 'kind');
  }
  if (input.alreadyClaimed) return fail('reward_not_eligible', 'referral reward already claimed', 'kind');
  const expiresAt = expiryOf(rule.expiresInDays, now);
  return ok({
    referred: { kind: 'referral', periodKey: 'once', credits: rule.credits, expiresAt },
    referrer: { kind: 'referral', periodKey: `referred:${referred.id}`, credits: rule.credits, expiresAt },
  });
}

/** An email reduced to who it reaches: trimmed, lower case, without a `+tag` in the local part. */
export function emailIdentity(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${lower.slice(at)}`;
}

/**
 * Decides whether a sign-up may use a referral code. Refused when the code is the new
 * customer's own (same email as the referrer, `+tags` ignored) and when the email already
 * belongs to another customer of the tenant: the referral is for people who are new.
 */
export function decideReferralSignUp(input: {
  readonly referrer: { readonly email: string | null };
  readonly email: string | null;
  readonly emailAlreadyKnown: boolean;
}): Result<true> {
  const { referrer, email } = input;
  if (email !== null && referrer.email !== null && emailIdentity(email) === emailIdentity(referrer.email)) {
    return fail('reward_not_eligible', 'a customer cannot use their own referral code', 'referral_code');
  }
  if (input.emailAlreadyKnown) {
    return fail(
      'reward_not_eligible',
      'this email already belongs to a customer; referral codes are for new customers',
      'referral_code',
    );
  }
  return ok(true);
}
