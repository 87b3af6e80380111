/**
 * The buyer's view of a catalog (issue 15): what a public pricing page may show — models with
 * their prices in credits, plans with what they include and their limits, packs and rewards.
 * Provider costs, margins and the ledger's settings (lot priorities, hold lifetimes, overage)
 * are left out by construction: every field is copied by name, never spread.
 */
import type { Catalog, CategoryLimit, Entitlements, Model, Pricing, RewardKind } from './catalog.ts';
import type { Cents, Credits } from './credits.ts';
import { listModelPrices, type PriceUnit } from './price-list.ts';

export type PublicPricing =
  | { readonly kind: 'free' }
  | { readonly kind: 'flat'; readonly credits: Credits }
  | { readonly kind: 'variants'; readonly variants: readonly { name: string; credits: Credits }[] }
  | {
      readonly kind: 'per_second';
      readonly creditsPerSecond: Credits;
      readonly minSeconds: number;
      readonly maxSeconds: number | null;
    }
  | {
      readonly kind: 'duration_steps';
      readonly steps: readonly { seconds: number; credits: Credits }[];
      readonly perExtraSeconds: { readonly seconds: number; readonly credits: Credits } | null;
    }
  | {
      readonly kind: 'tokens';
      readonly inputCreditsPer1k: Credits;
      readonly outputCreditsPer1k: Credits;
      readonly minimumCredits: Credits;
      readonly defaultOutputTokens: number;
    };

export interface PublicModel {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly free: boolean;
  readonly maxCount: number;
  readonly pricing: PublicPricing;
}

export interface PublicPrice {
  readonly modelId: string;
  readonly modelName: string;
  readonly category: string;
  readonly variant: string | null;
  readonly unit: PriceUnit;
  readonly credits: Credits;
  readonly free: boolean;
}

export interface PublicPlan {
  readonly id: string;
  readonly name: string;
  readonly priceCents: Cents;
  readonly monthlyCredits: Credits;
  readonly dailyCredits: Credits;
  readonly rolloverCap: Credits;
  readonly freeGenerationsPerMonth: number | null;
  readonly entitlements: Entitlements;
  readonly limits: Readonly<Record<string, CategoryLimit>>;
  readonly bulkDiscountPct: number;
  readonly apiRequestsPerMinute: number | null;
  readonly isDefault: boolean;
}

export interface PublicPack {
  readonly id: string;
  readonly name: string;
  readonly credits: Credits;
  readonly priceCents: Cents;
  readonly expiresInDays: number | null;
}

export interface PublicReward {
  readonly kind: RewardKind;
  readonly credits: Credits;
  readonly expiresInDays: number | null;
}

export interface PublicCatalog {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly currency: string;
  /** What one credit is worth to a buyer, in micro-dollars (1 credit = $0.01 is 10,000). */
  readonly creditValueMicros: number;
  readonly models: readonly PublicModel[];
  readonly prices: readonly PublicPrice[];
  readonly plans: readonly PublicPlan[];
  readonly packs: readonly PublicPack[];
  readonly rewards: readonly PublicReward[];
  /** Other products' monthly prices, as the catalog lists them. */
  readonly competitors: readonly { readonly name: string; readonly priceCents: Cents }[];
}

function presentPricing(p: Pricing): PublicPricing {
  switch (p.kind) {
    case 'free':
      return { kind: 'free' };
    case 'flat':
      return { kind: 'flat', credits: p.credits };
    case 'variants':
      return { kind: 'variants', variants: p.variants.map((v) => ({ name: v.name, credits: v.credits })) };
    case 'per_second':
      return {
        kind: 'per_second',
        creditsPerSecond: p.creditsPerSecond,
        minSeconds: p.minSeconds,
        maxSeconds: p.maxSeconds,
      };
    case 'duration_steps':
      return {
        kind: 'duration_steps',
        steps: p.steps.map((s) => ({ seconds: s.seconds, credits: s.credits })),
        perExtraSeconds: p.perExtraSeconds === null ? null : { ...p.perExtraSeconds },
      };
    case 'tokens':
      return {
        kind: 'tokens',
        inputCreditsPer1k: p.inputCreditsPer1k,
        outputCreditsPer1k: p.outputCreditsPer1k,
        minimumCredits: p.minimumCredits,
        defaultOutputTokens: p.defaultOutputTokens,
      };
  }
}

function presentModel(m: Model): PublicModel {
  return {
    id: m.id,
    name: m.name,
    category: m.category,
    free: m.pricing.kind === 'free',
    maxCount: m.maxCount,
    pricing: presentPricing(m.pricing),
  };
}

/** The buyer's view of `catalog`: free models first, then catalog order (a stable sort). */
export function presentPublicCatalog(catalog: Catalog): PublicCatalog {
  const models = catalog.models.map(presentModel);
  return {
    id: catalog.id,
    name: catalog.name,
    version: catalog.version,
    currency: catalog.currency,
    creditValueMicros: catalog.creditValueMicros,
    models: [...models.filter((m) => m.free), ...models.filter((m) => !m.free)],
    prices: listModelPrices(catalog).map((r) => ({
      modelId: r.modelId,
      modelName: r.modelName,
      category: r.category,
      variant: r.variant,
      unit: r.unit,
      credits: r.credits,
      free: r.free,
    })),
    plans: catalog.plans.map((p) => ({
      id: p.id,
      name: p.name,
      priceCents: p.priceCents,
      monthlyCredits: p.monthlyCredits,
      dailyCredits: p.dailyCredits,
      rolloverCap: p.rolloverCap,
      freeGenerationsPerMonth: p.freeGenerationsPerMonth,
      entitlements: { ...p.entitlements, categories: [...p.entitlements.categories] },
      limits: p.limits,
      bulkDiscountPct: p.bulkDiscountPct,
      apiRequestsPerMinute: p.apiRequestsPerMinute,
      isDefault: p.isDefault,
    })),
    packs: catalog.packs.map((p) => ({
      id: p.id,
      name: p.name,
      credits: p.credits,
      priceCents: p.priceCents,
      expiresInDays: p.expiresInDays,
    })),
    rewards: Object.values(catalog.rewards).map((r) => ({
      kind: r.kind,
      credits: r.credits,
      expiresInDays: r.expiresInDays,
    })),
    competitors: catalog.competitors.map((c) => ({ name: c.name, priceCents: c.priceCents })),
  };
}
