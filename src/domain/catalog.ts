/**
 * The catalog as the rest of Tollgate sees it: validated, defaults filled in, camelCase.
 * The YAML format (snake_case, optional fields) is parsed and checked in `src/catalog/`,
 * which turns it into this shape; nothing here is optional unless absence means something.
 */
import type { Cents, Credits, Micros } from './credits.ts';

export type Pricing =
  | { readonly kind: 'free' }
  | { readonly kind: 'flat'; readonly credits: Credits; readonly providerCostMicros: Micros | null }
  | { readonly kind: 'variants'; readonly variants: readonly Variant[] }
  | {
      readonly kind: 'per_second';
      readonly creditsPerSecond: Credits;
      readonly providerCostMicrosPerSecond: Micros | null;
      readonly minSeconds: number;
      readonly maxSeconds: number | null;
    }
  | {
      readonly kind: 'duration_steps';
      /** Ascending by seconds, credits never decreasing. */
      readonly steps: readonly DurationStep[];
      /** Beyond the last step: `credits` for every started block of `seconds`; null = refused. */
      readonly perExtraSeconds: { readonly seconds: number; readonly credits: Credits } | null;
      readonly providerCostMicrosPerSecond: Micros | null;
    }
  | {
      readonly kind: 'tokens';
      readonly inputCreditsPer1k: Credits;
      readonly outputCreditsPer1k: Credits;
      readonly minimumCredits: Credits;
      readonly providerCostMicrosPer1kInput: Micros | null;
      readonly providerCostMicrosPer1kOutput: Micros | null;
      /** Output tokens assumed when the request names no `output_tokens` (max_tokens). */
      readonly defaultOutputTokens: number;
    };

export type PricingKind = Pricing['kind'];

export interface Variant {
  readonly name: string;
  readonly credits: Credits;
  readonly providerCostMicros: Micros | null;
}

export interface DurationStep {
  readonly seconds: number;
  readonly credits: Credits;
}

export interface Model {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly pricing: Pricing;
  /** Largest `count` one request may ask for. */
  readonly maxCount: number;
}

/** A count limit on one category: a token bucket (refill per day, capacity = burst) plus a monthly cap. */
export interface CategoryLimit {
  /** Refill per day; null = no daily limit. */
  readonly perDay: number | null;
  /** Bucket capacity; equals perDay unless the plan allows bursts. */
  readonly burst: number | null;
  /** Calendar-month cap; null = none. */
  readonly perMonth: number | null;
  /** Used count at which a `quota.warning` fires ("5 videos remaining this month"); null = none. */
  readonly warnAtMonthlyUsed: number | null;
}

export interface Entitlements {
  readonly apiAccess: boolean;
  readonly bulkOperations: boolean;
  readonly priority: boolean;
  readonly watermark: boolean;
  readonly whiteLabel: boolean;
  readonly customModelPreferences: boolean;
  /** Model categories this plan may use. */
  readonly categories: readonly string[];
}

export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly priceCents: Cents;
  /** Credits granted each period (monthly). */
  readonly monthlyCredits: Credits;
  /** Unused allowance carried into the next period, at most this much; 0 = no rollover. */
  readonly rolloverCap: Credits;
  /** Free-model generations per calendar month; null = unlimited. */
  readonly freeGenerationsPerMonth: number | null;
  readonly entitlements: Entitlements;
  /** Limits by model category. */
  readonly limits: Readonly<Record<string, CategoryLimit>>;
  /** Percentages of the period's plan credits used at which a warning fires, ascending. */
  readonly creditWarningsPct: readonly number[];
  /** Discount on batches of generations (bulk operations), whole percent. */
  readonly bulkDiscountPct: number;
  /** Requests per minute for this plan's customer API keys; null = no API access. */
  readonly apiRequestsPerMinute: number | null;
  /** Credits granted once a day while on this plan (MusicGen's daily free credit); 0 = none. */
  readonly dailyCredits: Credits;
  /** Whether this is the plan customers start on and fall back to on cancellation. */
  readonly isDefault: boolean;
}

export interface Pack {
  readonly id: string;
  readonly name: string;
  readonly credits: Credits;
  readonly priceCents: Cents;
  /** Days until the pack's credits expire; null = never. */
  readonly expiresInDays: number | null;
}

export type RewardKind = 'welcome' | 'email_verified' | 'social_share' | 'referral' | 'daily';

export interface Reward {
  readonly kind: RewardKind;
  readonly credits: Credits;
  /** Days until the reward's lot expires; null = never. */
  readonly expiresInDays: number | null;
}

/** What another product charges a month: shown beside the plans on the public page, never used to price. */
export interface Competitor {
  readonly name: string;
  readonly priceCents: Cents;
}

/** Lot sources: where a lot's credits came from. Each reward kind is its own source. */
export type LotSource =
  | 'plan'
  | 'purchase'
  | 'promotional'
  | 'adjustment'
  | 'refund'
  | `reward:${RewardKind}`;

export interface Catalog {
  /** Content hash of the source file, set by the loader. */
  readonly version: string;
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  /** What one credit is worth, in micro-dollars (1 credit = $0.01 is 10,000). */
  readonly creditValueMicros: Micros;
  readonly models: readonly Model[];
  readonly plans: readonly Plan[];
  readonly packs: readonly Pack[];
  readonly rewards: Readonly<Partial<Record<RewardKind, Reward>>>;
  /** Lots are consumed lowest priority first; plan allowance and rewards before purchases. */
  readonly lotPriorities: Readonly<
    Record<'plan' | 'reward' | 'promotional' | 'adjustment' | 'purchase' | 'refund', number>
  >;
  /** Balance at or below which a `balance.low` warning fires; null = none. */
  readonly lowBalanceCredits: Credits | null;
  /** Time to live of a hold before it is voided by itself. */
  readonly holdTtlSeconds: number;
  /** Active holds one customer may have at once; another authorize is refused. */
  readonly maxActiveHolds: number;
  /**
   * Longest a hold may live, counted from its creation, however often it is extended
   * (`POST /v1/holds/:id/extend`); absent in catalogs stored before it (then 86,400).
   */
  readonly maxHoldSeconds?: number;
  /** Whether a commit may charge more than the hold, within available credits. */
  readonly allowOverage: boolean;
  /** Days a refunded credit lives when the lot it came from has expired since. */
  readonly refundLotExpiryDays: number;
  /** Other products' monthly prices, for the public page's comparison (issue 15); may be empty. */
  readonly competitors: readonly Competitor[];
}

/** Finds a model by id. */
export function findModel(catalog: Catalog, id: string): Model | undefined {
  return catalog.models.find((m) => m.id === id);
}

/** Finds a plan by id. */
export function findPlan(catalog: Catalog, id: string): Plan | undefined {
  return catalog.plans.find((p) => p.id === id);
}

/** Finds a pack by id. */
export function findPack(catalog: Catalog, id: string): Pack | undefined {
  return catalog.packs.find((p) => p.id === id);
}

/** The plan customers start on (the one marked default, else the cheapest). */
export function defaultPlan(catalog: Catalog): Plan | undefined {
  return (
    catalog.plans.find((p) => p.isDefault) ??
    [...catalog.plans].sort((a, b) => a.priceCents - b.priceCents)[0]
  );
}
