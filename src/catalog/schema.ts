/**
 * The YAML catalog format (snake_case) as a zod schema: the shape of every field, its
 * defaults and its own range. Rules that relate fields to each other (unique ids, steps
 * ascending, categories that exist) live in `rules.ts`, so they can run even when part
 * of the file is malformed and every problem is reported at once.
 */
import { z } from 'zod';

const POSITIVE = 'must be a positive integer';
const NON_NEGATIVE = 'must be a non-negative integer';

/** An integer ≥ 1, with the message the catalog problems use. */
function positiveInt() {
  return z.number({ error: POSITIVE }).int({ error: POSITIVE }).min(1, { error: POSITIVE });
}

/** An integer ≥ 0. */
function nonNegativeInt() {
  return z.number({ error: NON_NEGATIVE }).int({ error: NON_NEGATIVE }).min(0, { error: NON_NEGATIVE });
}

/** A whole percentage in [min, max]. */
function percent(min: number, max: number) {
  const message = `must be an integer from ${min} to ${max}`;
  return z
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
}

const ID_MESSAGE = 'must be a lowercase id (letters, digits, ".", "_", "-"; starting with a letter or digit)';
const id = () => z.string({ error: ID_MESSAGE }).regex(/^[a-z0-9][a-z0-9._-]*$/, { error: ID_MESSAGE });
const text = () =>
  z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' });
const flag = () => z.boolean({ error: 'must be true or false' });

/** Provider cost is optional everywhere: unknown cost means an unknown margin, never a zero one. */
const costMicros = () => nonNegativeInt().optional();

export const PRICING_KINDS = ['free', 'flat', 'variants', 'per_second', 'duration_steps', 'tokens'] as const;

const freePricing = z.strictObject({ kind: z.literal('free') });

const flatPricing = z.strictObject({
  kind: z.literal('flat'),
  credits: positiveInt(),
  provider_cost_micros: costMicros(),
});

const variantSchema = z.strictObject({
  name: text(),
  credits: positiveInt(),
  provider_cost_micros: costMicros(),
});

const variantsPricing = z.strictObject({
  kind: z.literal('variants'),
  variants: z
    .array(variantSchema, { error: 'must be a list' })
    .min(1, { error: 'must list at least one variant' }),
});

const perSecondPricing = z.strictObject({
  kind: z.literal('per_second'),
  credits_per_second: positiveInt(),
  provider_cost_micros_per_second: costMicros(),
  min_seconds: positiveInt().default(1),
  max_seconds: positiveInt().nullable().default(null),
});

const stepSchema = z.strictObject({ seconds: positiveInt(), credits: positiveInt() });

const durationStepsPricing = z.strictObject({
  kind: z.literal('duration_steps'),
  steps: z.array(stepSchema, { error: 'must be a list' }).min(1, { error: 'must list at least one step' }),
  per_extra_seconds: z
    .strictObject({ seconds: positiveInt(), credits: positiveInt() })
    .nullable()
    .default(null),
  provider_cost_micros_per_second: costMicros(),
});

const tokensPricing = z.strictObject({
  kind: z.literal('tokens'),
  input_credits_per_1k: nonNegativeInt(),
  output_credits_per_1k: nonNegativeInt(),
  /** Never zero: a token-priced model always costs at least this much. */
  minimum_credits: positiveInt().default(1),
  provider_cost_micros_per_1k_input: costMicros(),
  provider_cost_micros_per_1k_output: costMicros(),
  default_output_tokens: positiveInt().default(1024),
});

const pricingSchema = z.discriminatedUnion('kind', [
  freePricing,
  flatPricing,
  variantsPricing,
  perSecondPricing,
  durationStepsPricing,
  tokensPricing,
]);

const modelSchema = z.strictObject({
  id: id(),
  name: text(),
  category: id(),
  pricing: pricingSchema,
  max_count: positiveInt().default(10),
});

const limitSchema = z.strictObject({
  per_day: positiveInt().nullable().default(null),
  burst: positiveInt().nullable().default(null),
  per_month: nonNegativeInt().nullable().default(null),
  warn_at: positiveInt().nullable().default(null),
});

const entitlementsSchema = z.strictObject({
  api_access: flag().default(false),
  bulk_operations: flag().default(false),
  priority: flag().default(false),
  watermark: flag().default(false),
  white_label: flag().default(false),
  custom_model_preferences: flag().default(false),
  /** Absent = every category the catalog's models use. */
  categories: z.array(id(), { error: 'must be a list' }).optional(),
});

const planSchema = z.strictObject({
  id: id(),
  name: text(),
  price_cents: nonNegativeInt(),
  monthly_credits: nonNegativeInt(),
  rollover_cap: nonNegativeInt().default(0),
  free_generations_per_month: nonNegativeInt().nullable().default(null),
  entitlements: entitlementsSchema.default({
    api_access: false,
    bulk_operations: false,
    priority: false,
    watermark: false,
    white_label: false,
    custom_model_preferences: false,
  }),
  limits: z.record(z.string(), limitSchema, { error: 'must be a mapping of category to limits' }).default({}),
  credit_warnings_pct: z.array(percent(1, 100), { error: 'must be a list' }).default([80, 95]),
  bulk_discount_pct: percent(0, 99).default(0),
  api_requests_per_minute: positiveInt().nullable().optional(),
  daily_credits: nonNegativeInt().default(0),
  default: flag().default(false),
});

const packSchema = z.strictObject({
  id: id(),
  name: text(),
  credits: positiveInt(),
  price_cents: positiveInt(),
  expires_in_days: positiveInt().nullable().default(null),
});

const competitorSchema = z.strictObject({
  name: text(),
  price_cents: positiveInt(),
});

const rewardSchema = z.strictObject({
  credits: positiveInt(),
  expires_in_days: positiveInt().nullable().default(null),
});

const rewardsSchema = z
  .strictObject({
    welcome: rewardSchema.optional(),
    email_verified: rewardSchema.optional(),
    social_share: rewardSchema.optional(),
    referral: rewardSchema.optional(),
    daily: rewardSchema.optional(),
  })
  .default({});

/** Default consumption order: plan allowance and rewards first, purchased packs last. */
export const DEFAULT_LOT_PRIORITIES = {
  plan: 10,
  reward: 20,
  promotional: 20,
  refund: 30,
  adjustment: 50,
  purchase: 100,
} as const;

const lotPrioritiesSchema = z
  .strictObject({
    plan: nonNegativeInt().default(DEFAULT_LOT_PRIORITIES.plan),
    reward: nonNegativeInt().default(DEFAULT_LOT_PRIORITIES.reward),
    promotional: nonNegativeInt().default(DEFAULT_LOT_PRIORITIES.promotional),
    refund: nonNegativeInt().default(DEFAULT_LOT_PRIORITIES.refund),
    adjustment: nonNegativeInt().default(DEFAULT_LOT_PRIORITIES.adjustment),
    purchase: nonNegativeInt().default(DEFAULT_LOT_PRIORITIES.purchase),
  })
  .default(DEFAULT_LOT_PRIORITIES);

/** The whole YAML catalog file. */
export const catalogFileSchema = z.strictObject(
  {
    id: id(),
    name: text(),
    currency: z
      .string({ error: 'must be a three-letter currency code' })
      .regex(/^[a-z]{3}$/, { error: 'must be a three-letter lowercase currency code' })
      .default('usd'),
    credit_value_micros: positiveInt(),
    hold_ttl_seconds: positiveInt().default(900),
    max_active_holds: positiveInt().default(1000),
    max_hold_seconds: positiveInt().default(86_400),
    low_balance_credits: positiveInt().nullable().default(null),
    allow_overage: flag().default(false),
    refund_lot_expiry_days: positiveInt().default(7),
    lot_priorities: lotPrioritiesSchema,
    models: z
      .array(modelSchema, { error: 'must be a list' })
      .min(1, { error: 'must list at least one model' }),
    plans: z.array(planSchema, { error: 'must be a list' }).default([]),
    packs: z.array(packSchema, { error: 'must be a list' }).default([]),
    rewards: rewardsSchema,
    competitors: z.array(competitorSchema, { error: 'must be a list' }).default([]),
  },
  { error: 'must be a mapping (the catalog file is a YAML object)' },
);

/** A catalog file after structural validation, still in the file's snake_case words. */
export type CatalogFile = z.output<typeof catalogFileSchema>;
export type ModelFile = z.output<typeof modelSchema>;
export type PlanFile = z.output<typeof planSchema>;
export type PricingFile = z.output<typeof pricingSchema>;
