/**
 * Turns a validated catalog file (snake_case, defaults filled by the schema) into the
 * domain `Catalog` the rest of Tollgate uses: camelCase, branded integers, derived
 * defaults (entitled categories, burst = per day, API rate) resolved once here.
 */
import type {
  Catalog,
  CategoryLimit,
  Entitlements,
  Model,
  Pack,
  Plan,
  Pricing,
  Reward,
  RewardKind,
} from '../domain/catalog.ts';
import { cents, credits, micros } from '../domain/credits.ts';
import type { CatalogFile, ModelFile, PlanFile, PricingFile } from './schema.ts';

/** Requests per minute for a plan with API access that names no rate. */
export const DEFAULT_API_REQUESTS_PER_MINUTE = 60;

const costOrNull = (value: number | undefined) => (value === undefined ? null : micros(value));

function normalizePricing(pricing: PricingFile): Pricing {
  switch (pricing.kind) {
    case 'free':
      return { kind: 'free' };
    case 'flat':
      return {
        kind: 'flat',
        credits: credits(pricing.credits),
        providerCostMicros: costOrNull(pricing.provider_cost_micros),
      };
    case 'variants':
      return {
        kind: 'variants',
        variants: pricing.variants.map((v) => ({
          name: v.name,
          credits: credits(v.credits),
          providerCostMicros: costOrNull(v.provider_cost_micros),
        })),
      };
    case 'per_second':
      return {
        kind: 'per_second',
        creditsPerSecond: credits(pricing.credits_per_second),
        providerCostMicrosPerSecond: costOrNull(pricing.provider_cost_micros_per_second),
        minSeconds: pricing.min_seconds,
        maxSeconds: pricing.max_seconds,
      };
    case 'duration_steps':
      return {
        kind: 'duration_steps',
        steps: pricing.steps.map((s) => ({ seconds: s.seconds, credits: credits(s.credits) })),
        perExtraSeconds:
          pricing.per_extra_seconds === null
            ? null
            : {
                seconds: pricing.per_extra_seconds.seconds,
                credits: credits(pricing.per_extra_seconds.credits),
              },
        providerCostMicrosPerSecond: costOrNull(pricing.provider_cost_micros_per_second),
      };
    case 'tokens':
      return {
        kind: 'tokens',
        inputCreditsPer1k: credits(pricing.input_credits_per_1k),
        outputCreditsPer1k: credits(pricing.output_credits_per_1k),
        minimumCredits: credits(pricing.minimum_credits),
        providerCostMicrosPer1kInput: costOrNull(pricing.provider_cost_micros_per_1k_input),
        providerCostMicrosPer1kOutput: costOrNull(pricing.provider_cost_micros_per_1k_output),
        defaultOutputTokens: pricing.default_output_tokens,
      };
  }
}

function normalizeModel(model: ModelFile): Model {
  return {
    id: model.id,
    name: model.name,
    category: model.category,
    pricing: normalizePricing(model.pricing),
    maxCount: model.max_count,
  };
}

function normalizeLimit(limit: PlanFile['limits'][string]): CategoryLimit {
  return {
    perDay: limit.per_day,
    burst: limit.burst ?? limit.per_day,
    perMonth: limit.per_month,
    warnAtMonthlyUsed: limit.warn_at,
  };
}

function normalizePlan(plan: PlanFile, allCategories: readonly string[]): Plan {
  const e = plan.entitlements;
  const entitlements: Entitlements = {
    apiAccess: e.api_access,
    bulkOperations: e.bulk_operations,
    priority: e.priority,
    watermark: e.watermark,
    whiteLabel: e.white_label,
    customModelPreferences: e.custom_model_preferences,
    categories: e.categories ?? allCategories,
  };
  const limits: Record<string, CategoryLimit> = {};
  for (const [category, limit] of Object.entries(plan.limits)) limits[category] = normalizeLimit(limit);
  return {
    id: plan.id,
    name: plan.name,
    priceCents: cents(plan.price_cents),
    monthlyCredits: credits(plan.monthly_credits),
    rolloverCap: credits(plan.rollover_cap),
    freeGenerationsPerMonth: plan.free_generations_per_month,
    entitlements,
    limits,
    creditWarningsPct: plan.credit_warnings_pct,
    bulkDiscountPct: plan.bulk_discount_pct,
    apiRequestsPerMinute: e.api_access
      ? (plan.api_requests_per_minute ?? DEFAULT_API_REQUESTS_PER_MINUTE)
      : null,
    dailyCredits: credits(plan.daily_credits),
    isDefault: plan.default,
  };
}

function normalizeRewards(rewards: CatalogFile['rewards']): Partial<Record<RewardKind, Reward>> {
  const out: Partial<Record<RewardKind, Reward>> = {};
  for (const [kind, reward] of Object.entries(rewards) as [RewardKind, (typeof rewards)[RewardKind]][]) {
    if (reward === undefined) continue;
    out[kind] = { kind, credits: credits(reward.credits), expiresInDays: reward.expires_in_days };
  }
  return out;
}

/** Builds the domain catalog from a validated file; `version` is the loader's content hash. */
export function normalizeCatalog(file: CatalogFile, version: string): Catalog {
  const models = file.models.map(normalizeModel);
  const categories = [...new Set(models.map((m) => m.category))];
  const packs: Pack[] = file.packs.map((p) => ({
    id: p.id,
    name: p.name,
    credits: credits(p.credits),
    priceCents: cents(p.price_cents),
    expiresInDays: p.expires_in_days,
  }));
  return {
    version,
    id: file.id,
    name: file.name,
    currency: file.currency,
    creditValueMicros: micros(file.credit_value_micros),
    models,
    plans: file.plans.map((p) => normalizePlan(p, categories)),
    packs,
    rewards: normalizeRewards(file.rewards),
    lotPriorities: { ...file.lot_priorities },
    lowBalanceCredits: file.low_balance_credits === null ? null : credits(file.low_balance_credits),
    holdTtlSeconds: file.hold_ttl_seconds,
    maxActiveHolds: file.max_active_holds,
    maxHoldSeconds: file.max_hold_seconds,
    allowOverage: file.allow_overage,
    refundLotExpiryDays: file.refund_lot_expiry_days,
    competitors: file.competitors.map((c) => ({ name: c.name, priceCents: cents(c.price_cents) })),
  };
}
