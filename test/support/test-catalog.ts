/**
 * A small catalog for engine tests, written in code so tests do not move when the presets
 * change: a free text model, a flat image model, a video model with variants (and a daily
 * bucket on the paid plan), a free plan with 3 free generations a month (and no daily credit).
 */
import type { Catalog, Model, Plan } from '../../src/domain/catalog.ts';
import { type Credits, cents, credits, micros } from '../../src/domain/credits.ts';

const c = (n: number): Credits => credits(n);

const MODELS: Model[] = [
  { id: 'chat-free', name: 'Chat Free', category: 'text', pricing: { kind: 'free' }, maxCount: 1 },
  {
    id: 'chat',
    name: 'Chat',
    category: 'text',
    pricing: { kind: 'flat', credits: c(2), providerCostMicros: micros(5000) },
    maxCount: 1,
  },
  {
    id: 'image',
    name: 'Image',
    category: 'image',
    pricing: { kind: 'flat', credits: c(5), providerCostMicros: micros(20_000) },
    maxCount: 4,
  },
  {
    id: 'clip',
    name: 'Clip',
    category: 'image',
    pricing: {
      kind: 'variants',
      variants: [
        { name: 'a', credits: c(2), providerCostMicros: micros(1000) },
        { name: 'b', credits: c(5), providerCostMicros: micros(2000) },
        { name: 'c', credits: c(9), providerCostMicros: micros(3000) },
      ],
    },
    maxCount: 1,
  },
  {
    id: 'video',
    name: 'Video',
    category: 'video',
    pricing: {
      kind: 'variants',
      variants: [
        { name: '5s', credits: c(30), providerCostMicros: micros(250_000) },
        { name: '10s', credits: c(60), providerCostMicros: micros(500_000) },
      ],
    },
    maxCount: 1,
  },
];

function makePlan(p: Partial<Plan> & Pick<Plan, 'id' | 'name'>): Plan {
  return {
    priceCents: cents(0),
    monthlyCredits: c(0),
    rolloverCap: c(0),
    freeGenerationsPerMonth: null,
    entitlements: {
      apiAccess: false,
      bulkOperations: false,
      priority: false,
      watermark: true,
      whiteLabel: false,
      customModelPreferences: false,
      categories: ['text', 'image'],
    },
    limits: {},
    creditWarningsPct: [80, 95],
    bulkDiscountPct: 0,
    apiRequestsPerMinute: null,
    dailyCredits: c(0),
    isDefault: false,
    ...p,
  };
}

/** The test catalog; `overrides` replace top-level fields (e.g. `allowOverage`). */
export function createTestCatalog(overrides: Partial<Catalog> = {}): Catalog {
  const video = ['text', 'image', 'video'];
  return {
    version: 'test-1',
    id: 'test',
    name: 'Test',
    currency: 'usd',
    creditValueMicros: micros(10_000),
    models: MODELS,
    plans: [
      // No daily credit: it is granted lazily on every write (due-grants.ts), which would move
      // every balance here; allowance.case.ts tests it on the MusicGen preset.
      makePlan({ id: 'free', name: 'Free', freeGenerationsPerMonth: 3, isDefault: true }),
      makePlan({
        id: 'pro',
        name: 'Pro',
        priceCents: cents(2500),
        monthlyCredits: c(100),
        entitlements: {
          ...makePlan({ id: 'x', name: 'x' }).entitlements,
          categories: video,
          watermark: false,
        },
        limits: { video: { perDay: 2, burst: 3, perMonth: 5, warnAtMonthlyUsed: 4 } },
      }),
    ],
    packs: [
      { id: 'small', name: 'Small', credits: c(100), priceCents: cents(500), expiresInDays: null },
      { id: 'big', name: 'Big', credits: c(500), priceCents: cents(2000), expiresInDays: null },
    ],
    rewards: {
      welcome: { kind: 'welcome', credits: c(10), expiresInDays: null },
      email_verified: { kind: 'email_verified', credits: c(5), expiresInDays: null },
      social_share: { kind: 'social_share', credits: c(2), expiresInDays: null },
      referral: { kind: 'referral', credits: c(10), expiresInDays: null },
    },
    lotPriorities: { plan: 10, reward: 20, promotional: 20, refund: 30, adjustment: 50, purchase: 100 },
    lowBalanceCredits: c(2),
    holdTtlSeconds: 900,
    maxActiveHolds: 1000,
    allowOverage: false,
    refundLotExpiryDays: 7,
    competitors: [],
    ...overrides,
  };
}
