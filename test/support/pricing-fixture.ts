/**
 * A small catalog with one model of every pricing kind, for pricing tests. Built directly in
 * the domain's shape (no YAML), so domain tests need no catalog loader from outside `src/domain`.
 */
import type { Catalog, Model, Plan } from '../../src/domain/catalog.ts';
import { cents, credits, micros } from '../../src/domain/credits.ts';
import type { PricingContext } from '../../src/domain/price-rules.ts';

/** Counts one token per whitespace-separated word: predictable for tests. */
export const wordTokens: PricingContext = { countTokens: (text) => text.split(/\s+/).filter(Boolean).length };

const models: Model[] = [
  { id: 'free-chat', name: 'Free Chat', category: 'text', maxCount: 10, pricing: { kind: 'free' } },
  {
    id: 'flat-chat',
    name: 'Flat Chat',
    category: 'text',
    maxCount: 10,
    pricing: { kind: 'flat', credits: credits(5), providerCostMicros: micros(6300) },
  },
  {
    id: 'token-chat',
    name: 'Token Chat',
    category: 'text',
    maxCount: 10,
    pricing: {
      kind: 'tokens',
      inputCreditsPer1k: credits(2),
      outputCreditsPer1k: credits(6),
      minimumCredits: credits(1),
      providerCostMicrosPer1kInput: micros(150),
      providerCostMicrosPer1kOutput: micros(600),
      defaultOutputTokens: 500,
    },
  },
  {
    id: 'clip-variants',
    name: 'Clip Variants',
    category: 'video',
    maxCount: 4,
    pricing: {
      kind: 'variants',
      variants: [
        { name: '5s', credits: credits(30), providerCostMicros: micros(250_000) },
        { name: '10s', credits: credits(60), providerCostMicros: micros(500_000) },
      ],
    },
  },
  {
    id: 'clip-seconds',
    name: 'Clip Seconds',
    category: 'video',
    maxCount: 4,
    pricing: {
      kind: 'per_second',
      creditsPerSecond: credits(60),
      providerCostMicrosPerSecond: micros(500_000),
      minSeconds: 2,
      maxSeconds: 8,
    },
  },
  {
    id: 'song-steps',
    name: 'Song Steps',
    category: 'music',
    maxCount: 4,
    pricing: {
      kind: 'duration_steps',
      steps: [5, 10, 15, 30].map((seconds, i) => ({ seconds, credits: credits([1, 2, 3, 5][i] ?? 0) })),
      perExtraSeconds: null,
      providerCostMicrosPerSecond: null,
    },
  },
  {
    id: 'song-extra',
    name: 'Song Extra',
    category: 'music',
    maxCount: 4,
    pricing: {
      kind: 'duration_steps',
      steps: [
        { seconds: 10, credits: credits(3) },
        { seconds: 30, credits: credits(6) },
      ],
      perExtraSeconds: { seconds: 10, credits: credits(2) },
      providerCostMicrosPerSecond: micros(1000),
    },
  },
];

/** A plan with bulk operations and a 10% discount. */
export const bulkPlan: Plan = {
  id: 'bulk',
  name: 'Bulk',
  priceCents: cents(7500),
  monthlyCredits: credits(5000),
  rolloverCap: credits(0),
  freeGenerationsPerMonth: null,
  entitlements: {
    apiAccess: true,
    bulkOperations: true,
    priority: true,
    watermark: false,
    whiteLabel: false,
    customModelPreferences: false,
    categories: ['text', 'video', 'music'],
  },
  limits: {},
  creditWarningsPct: [80, 95],
  bulkDiscountPct: 10,
  apiRequestsPerMinute: 60,
  dailyCredits: credits(0),
  isDefault: false,
};

/** One model of every pricing kind; 1 credit = $0.01. */
export const pricingCatalog: Catalog = {
  version: 'test-version',
  id: 'pricing-fixture',
  name: 'Pricing fixture',
  currency: 'usd',
  creditValueMicros: micros(10_000),
  models,
  plans: [bulkPlan],
  packs: [],
  rewards: {},
  lotPriorities: { plan: 10, reward: 20, promotional: 20, refund: 30, adjustment: 50, purchase: 100 },
  lowBalanceCredits: null,
  holdTtlSeconds: 900,
  maxActiveHolds: 1000,
  allowOverage: false,
  refundLotExpiryDays: 7,
  competitors: [],
};
