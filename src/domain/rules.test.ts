import { describe, expect, it } from 'vitest';
import { createTestCatalog } from '../../test/support/test-catalog.ts';
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
      availableBefore: credits(5),
      planAllowance: credits(100),
      planRemaining: credits(10),
      creditWarningsPct: [80, 95],
      lowBalanceCredits: credits(2),
      quotas: [],
    }).map((w) => `${w.kind}:${w.threshold}`);
    expect(kinds).toEqual(['credits_used:80', 'low_balance:2']);
  });

  it('calls depleted only when credits go from more than 0 to none, in words a customer reads', () => {
    const base = {
      period: 'p',
      planAllowance: credits(0),
      planRemaining: credits(0),
      creditWarningsPct: [],
      lowBalanceCredits: credits(2),
      quotas: [],
    };
    const depleted = (before: number, after: number) =>
      evaluateWarnings({ ...base, available: credits(after), availableBefore: credits(before) }).map(
        (w) => w.kind,
      );
    expect(depleted(0, 0)).toEqual([]); // a free plan's free generation: never had credits
    expect(depleted(3, 0)).toEqual(['depleted']);
    expect(depleted(0, -2)).toEqual([]);
    const one = evaluateWarnings({ ...base, available: credits(1), availableBefore: credits(3) });
    expect(one.map((w) => w.message)).toEqual(['only 1 credit left']);
    const quota = evaluateWarnings({
      ...base,
      available: credits(50),
      availableBefore: credits(50),
      quotas: [
        {
          name: 'category:video',
          limit: { perDay: null, burst: null, perMonth: 25, warnAtMonthlyUsed: 20 },
          state: { level: 0, levelAt: 0, month: '2026-12', monthUsed: 20 },
        },
      ],
    });
    expect(quota.map((w) => w.message)).toEqual(['5 videos remaining this month']);
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
