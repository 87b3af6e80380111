import { describe, expect, it } from 'vitest';
import { createTestCatalog } from '../../test/support/test-catalog.ts';
import { type AuthorizeView, decideAuthorize, findCoverInstant, findShortfall } from './authorize.ts';
import type { Plan } from './catalog.ts';
import { credits } from './credits.ts';
import { type Quote, quoteGeneration } from './pricing.ts';

const now = Date.UTC(2026, 11, 5, 12);
const catalog = createTestCatalog({ maxActiveHolds: 2 });
const free = catalog.plans.find((p) => p.id === 'free') as Plan;
const pro = catalog.plans.find((p) => p.id === 'pro') as Plan;
const price = (modelId: string, params = {}): Quote => {
  const q = quoteGeneration(catalog, modelId, params, { countTokens: (t: string) => t.length });
  if (!q.ok) throw new Error(q.error.message);
  return q.value;
};

function view(over: Partial<AuthorizeView> = {}): AuthorizeView {
  return {
    now,
    customerId: 'ann',
    catalog,
    plan: pro,
    quote: price('image', { count: 2 }), // 10 credits
    ttlSeconds: 900,
    activeHolds: { count: 0, maxExpiresAt: 0 },
    quotas: new Map(),
    parent: null,
    balanceAtCover: credits(100),
    held: credits(0),
    overdraftLimit: credits(0),
    ...over,
  };
}

describe('decideAuthorize', () => {
  it('answers the hold’s expiry and the quotas it takes', () => {
    const video = decideAuthorize(view({ quote: price('video', { variant: '5s' }) }));
    expect(video.ok && video.value.expiresAt).toBe(now + 900_000);
    expect(video.ok && video.value.quotas.map((q) => [q.key, q.count, q.state.monthUsed])).toEqual([
      ['category:video', 1, 1],
    ]);
  });

  it('refuses in authorize’s order: entitlement, hold cap, quota, credits', () => {
    const broke = { balanceAtCover: credits(0) };
    const code = (v: Partial<AuthorizeView>) => {
      const d = decideAuthorize(view(v));
      return d.ok ? 'ok' : d.error.code;
    };
    expect(
      code({
        ...broke,
        plan: free,
        quote: price('video', { variant: '5s' }),
        activeHolds: { count: 9, maxExpiresAt: 0 },
      }),
    ).toBe('not_entitled');
    expect(code({ ...broke, activeHolds: { count: 2, maxExpiresAt: 0 } })).toBe('too_many_holds');
    const usedUp = new Map([['category:video', { level: 0, levelAt: now, month: '2026-12', monthUsed: 5 }]]);
    expect(code({ ...broke, quote: price('video', { variant: '5s' }), quotas: usedUp })).toBe(
      'quota_exceeded',
    );
    expect(code(broke)).toBe('insufficient_credits');
  });

  it('counts held and the overdraft, and says what is missing with the offers that cover it', () => {
    expect(decideAuthorize(view({ balanceAtCover: credits(15), held: credits(5) })).ok).toBe(true);
    expect(decideAuthorize(view({ balanceAtCover: credits(5), overdraftLimit: credits(5) })).ok).toBe(true);
    const short = decideAuthorize(view({ balanceAtCover: credits(12), held: credits(5) }));
    expect(findShortfall(short, credits(10))).toBe(3);
    expect(short.ok ? null : short.error.details).toMatchObject({ required: 10, available: 7, shortfall: 3 });
    expect(short.ok ? 0 : ((short.error.details?.offers ?? []) as unknown[]).length).toBeGreaterThan(0);
  });

  it('draws a child from its parent’s budget, never past the parent’s expiry', () => {
    const parent = { id: 'h1', left: credits(10), expiresAt: now + 60_000 };
    const child = decideAuthorize(view({ parent, balanceAtCover: credits(0) }));
    expect(child.ok && child.value.expiresAt).toBe(now + 60_000);
    const over = decideAuthorize(view({ parent: { ...parent, left: credits(9) } }));
    expect(over.ok ? null : over.error.param).toBe('parent_hold');
  });

  it('needs lots that outlive every active hold', () => {
    expect(findCoverInstant(now, 900, 0)).toBe(now + 900_000);
    expect(findCoverInstant(now, 900, now + 3_600_000)).toBe(now + 3_600_000);
  });
});
