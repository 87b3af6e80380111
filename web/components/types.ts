/**
 * What the kit shows, in its own words (camelCase, plain numbers). `wire.ts` turns the API's
 * snake_case JSON into these, so a change in the wire format touches one file, and the
 * components can also be rendered from data a tenant already has (tests, server rendering).
 */

export interface KitBalance {
  /** Credits that can be spent now (live lots minus active holds). */
  readonly available: number;
  /** Credits reserved by generations still running. */
  readonly held: number;
}

export interface KitLot {
  readonly id: string;
  /** `plan`, `purchase`, `reward:welcome`, ... */
  readonly source: string;
  readonly amount: number;
  readonly remaining: number;
  readonly expiresAt: number | null;
}

export interface KitQuota {
  readonly key: string;
  readonly availableToday: number | null;
  readonly remainingThisMonth: number | null;
  readonly perMonth: number | null;
  /** Generations a day the plan refills (the daily limit); null = no daily limit. */
  readonly perDay: number | null;
  /** Most generations that can be taken at once; null = no burst limit. */
  readonly burst: number | null;
  readonly usedThisMonth: number;
}

export interface KitOffer {
  readonly kind: 'pack' | 'plan';
  readonly id: string;
  readonly name: string;
  readonly credits: number;
  readonly priceCents: number;
}

export interface KitProjection {
  readonly used7d: number;
  readonly used30d: number;
  readonly burnPerDay7d: number;
  readonly burnPerDay30d: number;
  readonly daysUntilEmpty: number | null;
  readonly projectedUseByPeriodEnd: number;
  readonly projectedShortfall: number;
  readonly cheapestCover: KitOffer | null;
}

export interface KitWarning {
  readonly kind: string;
  readonly threshold: number;
  readonly message: string;
}

/** One customer as the kit needs them: plan, balance, lots, quotas, warnings, projection. */
export interface KitCustomer {
  readonly id: string;
  readonly planId: string;
  readonly periodEnd: number | null;
  readonly balance: KitBalance;
  readonly lots: readonly KitLot[];
  readonly bySource: Readonly<Record<string, number>>;
  readonly quotas: readonly KitQuota[];
  readonly warnings: readonly KitWarning[];
  readonly projection: KitProjection | null;
}

export interface KitModel {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  /** `free`, `flat`, `variants`, `duration_steps`, `per_second`, `tokens`. */
  readonly pricingKind: string;
  /** Variant names, for `variants` pricing. */
  readonly variants: readonly string[];
  /** Allowed seconds range, for duration pricing. */
  readonly minSeconds: number | null;
  readonly maxSeconds: number | null;
  /** Step boundaries, for `duration_steps` pricing. */
  readonly steps: readonly number[];
  readonly maxCount: number;
  /** Cheapest price of one generation (the catalog's price list), for pickers; null = unknown. */
  readonly fromCredits: number | null;
}

export interface KitPlan {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
  readonly monthlyCredits: number;
  readonly freeGenerationsPerMonth: number | null;
  readonly creditWarningsPct: readonly number[];
  /** Human lines of what the plan includes ("API access", "5 videos a day"). */
  readonly includes: readonly string[];
  /** Model categories the plan allows (`text`, `image`, `video`). */
  readonly categories: readonly string[];
  readonly isDefault: boolean;
}

export interface KitPack {
  readonly id: string;
  readonly name: string;
  readonly credits: number;
  readonly priceCents: number;
}

export interface KitCatalog {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly models: readonly KitModel[];
  readonly plans: readonly KitPlan[];
  readonly packs: readonly KitPack[];
  /** Balance at or below which the low-credit prompt shows; null = never. */
  readonly lowBalanceCredits: number | null;
}

/** What a generation asks for, in the API's words. */
export interface KitParams {
  readonly variant?: string;
  readonly duration?: number;
  readonly count?: number;
  readonly prompt?: string;
}

export interface KitAlternative {
  readonly modelId: string;
  readonly modelName: string;
  readonly credits: number;
  readonly creditsSaved: number;
  readonly free: boolean;
  /** True when priced at the model's cheapest option because the request's parameters did not apply. */
  readonly fromPrice: boolean;
}

export interface KitQuote {
  readonly modelId: string;
  readonly modelName: string;
  /** The model's category (`text`, `image`, `video`, ...). */
  readonly category: string;
  readonly credits: number;
  readonly free: boolean;
  /** Whether the customer can pay for it now; null when the answer does not say. */
  readonly affordable: boolean | null;
  /** Whether the customer's plan allows this model's category; null when unknown. */
  readonly entitled: boolean | null;
  readonly alternatives: readonly KitAlternative[];
}

/** One option of a model (a variant, a duration) and how many more of it the customer can make. */
export interface KitAffordableOption {
  readonly variant: string | null;
  readonly unitCredits: number;
  /** null = no limit at all. */
  readonly count: number | null;
  /** `credits`, `daily_limit`, `monthly_limit`, `free_generations`, `not_entitled` or `unlimited`. */
  readonly limitedBy: string;
  /** "12 × 10 s clips". */
  readonly text: string;
}

export interface KitModelAffordability {
  readonly modelId: string;
  readonly modelName: string;
  readonly category: string;
  readonly free: boolean;
  readonly entitled: boolean;
  readonly options: readonly KitAffordableOption[];
  /** "24 × 5 s clips or 12 × 10 s clips with MusicGen". */
  readonly sentence: string;
}

/** What the customer can still afford (`GET /v1/customers/:id/affordability`). */
export interface KitAffordability {
  readonly spendable: number;
  readonly freeGenerationsLeft: number | null;
  readonly models: readonly KitModelAffordability[];
  /** "With 120 credits you can still make …". */
  readonly sentence: string;
}

export interface KitAllocation {
  readonly lotId: string;
  readonly credits: number;
  /** The lot's source when the answer names it (`plan`, `purchase`, ...). */
  readonly source: string | null;
}

/** The answer to a commit: what a generation cost and what is left. */
export interface KitReceipt {
  readonly modelId: string;
  readonly modelName: string | null;
  readonly creditsCharged: number;
  readonly creditsHeld: number;
  readonly balance: KitBalance;
  readonly lots: readonly KitAllocation[];
  readonly warnings: readonly KitWarning[];
  readonly suggestions: readonly KitAlternative[];
}

export interface KitLedgerEntry {
  readonly id: string;
  /** `grant`, `charge`, `refund`, `expiry`, ... */
  readonly kind: string;
  /** Where granted credits came from (`plan`, `purchase`, `reward:welcome`, ...); null when unknown. */
  readonly source: string | null;
  /** Net change of the balance. */
  readonly credits: number;
  readonly createdAt: number;
  readonly description: string | null;
}

export interface KitLedgerPage {
  readonly entries: readonly KitLedgerEntry[];
  readonly nextCursor: string | null;
}

/** Where the customer is sent to pay. */
export interface KitCheckout {
  readonly url: string;
  readonly testMode: boolean;
}

/** What is bought: a pack or a plan of the catalog. */
export type KitCheckoutItem = { readonly pack: string } | { readonly plan: string };
