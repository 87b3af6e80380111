import { describe, expect, it } from 'vitest';
import { createTestCatalog } from '../engine/test-catalog.ts';
import { serializeCanonical } from './canonical.ts';
import { credits } from './credits.ts';
import { buildDebitTransaction, buildReturnTransaction, sumEntries } from './journal.ts';
import { findCoveringOffers, projectUsage } from './projections.ts';
import { decideReferral, decideReferralSignUp, decideReward, emailIdentity } from './rewards.ts';
import { evaluateWarnings } from './warnings.ts';

const catalog = createTestCatalog();
const [free, pro] = catalog.plans;
const now = Date.UTC(2025, 0, 10);

describe('journal', () => {
  it('builds transactions that sum to zero', () => {
    const head = { id: 't', customerId: 'c', ref: null, createdAt: 1 };
    const allocations = [
      { lotId: 'a', credits: credits(3) },
      { lotId: 'b', credits: credits(4) },
    ];
    expect(sumEntries(buildDebitTransaction(head, 'usage', 'usage', allocations).entries)).toBe(0);
    expect(sumEntries(buildReturnTransaction(head, allocations).entries)).toBe(0);
  });
});

describe('rewards', () => {
  it('limits each kind to its period and the daily credit to the free plan', () => {
    if (free === undefined || pro === undefined) throw new Error('plans');
    expect(
      decideReward({ catalog, plan: free, kind: 'social_share', alreadyClaimed: false, now }),
    ).toMatchObject({ ok: true, value: { periodKey: '2025-01-10', credits: 2 } });
    expect(decideReward({ catalog, plan: free, kind: 'welcome', alreadyClaimed: true, now }).ok).toBe(false);
    expect(decideReward({ catalog, plan: pro, kind: 'daily', alreadyClaimed: false, now }).ok).toBe(false);
  });

  it('grants referrals only to a new, different customer who verified or bought', () => {
    const referrer = { id: 'r', createdAt: 1, emailVerifiedAt: null, referredBy: null };
    const referred = { id: 'n', createdAt: 2, emailVerifiedAt: 3, referredBy: 'r' };
    const base = { catalog, referrer, referred, hasPurchased: false, alreadyClaimed: false, now };
    expect(decideReferral(base).ok).toBe(true);
    expect(decideReferral({ ...base, referred: { ...referred, emailVerifiedAt: null } }).ok).toBe(false);
    expect(
      decideReferral({ ...base, referred: { ...referred, emailVerifiedAt: null }, hasPurchased: true }).ok,
    ).toBe(true);
    expect(decideReferral({ ...base, referrer: { ...referrer, id: 'n' } }).ok).toBe(false);
    expect(decideReferral({ ...base, referrer: { ...referrer, createdAt: 5 } }).ok).toBe(false);
  });

  it('refuses a referral code used by its own owner or by an email that is already a customer', () => {
    expect(emailIdentity('  Ann+promo@Example.COM ')).toBe('ann@example.com');
    const referrer = { email: 'ann@example.com' };
    const decide = (email: string | null, emailAlreadyKnown = false) =>
      decideReferralSignUp({ referrer, email, emailAlreadyKnown });
    expect(decide('bob@example.com').ok).toBe(true);
    expect(decide(null).ok).toBe(true);
    expect(decide('ANN+2@example.com')).toMatchObject({ ok: false, error: { param: 'referral_code' } });
    expect(decide('bob@example.com', true)).toMatchObject({
      ok: false,
      error: { code: 'reward_not_eligible', param: 'referral_code' },
    });
  });
});

describe('warnings and projections', () => {
  it('calls for plan-credit thresholds, low balance and quota warnings', () => {
    const kinds = evaluateWarnings({
      period: 'p',
      available: credits(2),
      planAllowance: credits(100),
      planRemaining: credits(10),
      creditWarningsPct: [80, 95],
      lowBalanceCredits: credits(2),
      quotas: [],
    }).map((w) => `${w.kind}:${w.threshold}`);
    expect(kinds).toEqual(['credits_used:80', 'low_balance:2']);
  });

  it('projects burn and the cheapest cover', () => {
    const usage = [{ at: now - 1000, credits: 70 }];
    const p = projectUsage({
      usage,
      available: credits(20),
      now,
      periodEnd: now + 7 * 86_400_000,
      catalog,
      currentPlanId: 'free',
    });
    expect(p).toMatchObject({
      used7d: 70,
      daysUntilEmpty: 2,
      projectedUseByPeriodEnd: 70,
      projectedShortfall: 50,
    });
    expect(p.cheapestCover?.id).toBe('small');
    expect(findCoveringOffers(catalog, credits(400), 'free').map((o) => o.id)).toEqual(['big']);
  });

  it('serializes requests canonically', () => {
    expect(serializeCanonical({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe('{"a":[1,{"c":"x"}],"b":1}');
  });
});
