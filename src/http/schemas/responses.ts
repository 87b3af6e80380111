/**
 * Response schemas: what each route answers, for the OpenAPI document and for tests that
 * check answers against them. Loose objects: fields may be added, never removed or renamed.
 */
import { z } from 'zod';
import { autoTopUpStateSchema } from './auto-top-up.ts';

const int = z.int();
const time = z.int().describe('Epoch milliseconds');

export const balanceSchema = z.looseObject({
  balance: int.describe('Σ remaining of live lots'),
  held: int.describe('Σ credits of active holds'),
  available: int.describe('balance − held'),
  overdraft_limit: int,
});

export const lotSchema = z.looseObject({
  id: z.string(),
  source: z.string(),
  amount: int,
  remaining: int,
  priority: int,
  expires_at: time.nullable(),
  cost_basis_micros: int,
  reason: z.string().nullable(),
  ref: z.string().nullable(),
  created_at: time,
});

export const warningSchema = z.looseObject({
  kind: z.string(),
  threshold: z.number(),
  period: z.string(),
  message: z.string(),
});

const allocationSchema = z.looseObject({ lot_id: z.string(), credits: int });

export const quoteSchema = z.looseObject({
  model_id: z.string(),
  model_name: z.string(),
  category: z.string(),
  credits: int,
  unit_credits: int,
  provider_cost_micros: int.nullable(),
  margin_pct: z.number().nullable(),
  free: z.boolean(),
  count: int,
  units: z.record(z.string(), z.unknown()),
  catalog_version: z.string(),
});

export const alternativeSchema = z.looseObject({
  model_id: z.string(),
  model_name: z.string(),
  credits: int,
  credits_saved: int,
  free: z.boolean(),
});

export const customerSchema = z.looseObject({
  object: z.literal('customer'),
  id: z.string(),
  plan: z.string(),
  email: z.string().nullable(),
  email_verified_at: time.nullable(),
  referral_code: z.string(),
  referred_by: z.string().nullable(),
  flagged: z.boolean(),
  period_start: time,
  period_end: time,
  created_at: time,
});

export const allowanceSchema = z
  .looseObject({
    granted: z.boolean().describe("Whether this request started the period with the plan's monthly credits"),
    credits: int.describe('Plan credits the customer has for the period now'),
    ended: int.describe("What was left of the last period's allowance and has ended"),
    carried: int.describe('What of it was kept under the rollover cap'),
  })
  .describe("The plan's allowance for the period");

export const customerCreatedSchema = customerSchema.extend({
  allowance: allowanceSchema.describe(
    "Whether the plan's monthly credits were granted: always for a plan priced 0 that has them, for a paid plan only with `grant_allowance: true` (default: none; paid plans get theirs from Stripe invoices or `POST /v1/customers/:id/plan`)",
  ),
});

export const planChangeSchema = customerSchema.extend({
  previous_plan: z.string(),
  allowance: allowanceSchema,
});
export const entitlementsSchema = z
  .looseObject({
    plan: z.string(),
    watermark: z.boolean().describe('Outputs must carry a watermark'),
    priority: z.boolean().describe('Jobs go to the priority queue'),
    white_label: z.boolean().describe("The app's branding may be removed"),
    api_access: z.boolean().describe('Customer API keys may be minted'),
    bulk: z.boolean().describe('Batches are allowed'),
    categories: z.array(z.string()).describe('Model categories the plan may use'),
  })
  .describe("What the plan lets the app do: act on these, don't re-derive them from the catalog");

export const customerSummarySchema = customerSchema.extend({
  entitlements: entitlementsSchema,
  balance: balanceSchema,
  lots: z.array(lotSchema),
  lots_by_source: z.record(z.string(), int),
  disputed: int.describe('Credits open Stripe disputes hold back: out of the balance, not clawed back'),
  quotas: z.array(z.looseObject({ key: z.string(), used_this_month: int })),
  warnings: z.array(
    z.looseObject({ kind: z.string(), threshold: z.number(), period: z.string(), fired_at: time }),
  ),
  projections: z.looseObject({ used7d: int, used30d: int, days_until_empty: int.nullable() }),
  auto_top_up: autoTopUpStateSchema,
});

export const ledgerPageSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(
    z.looseObject({
      id: z.string(),
      kind: z.string(),
      ref: z.string().nullable(),
      created_at: time,
      credits: int.describe("Net change of the customer's balance"),
      entries: z.array(z.looseObject({ account: z.string(), lot_id: z.string().nullable(), amount: int })),
    }),
  ),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});

export const holdSchema = z.looseObject({
  object: z.literal('hold'),
  id: z.string(),
  customer_id: z.string(),
  model_id: z.string(),
  credits: int,
  status: z.enum(['active', 'committed', 'voided', 'expired']),
  expires_at: time,
  quote: quoteSchema,
  charge_id: z.string().nullable(),
  created_at: time,
  job_id: z.string().nullable().describe("The provider's job id, when given"),
  metadata: z.record(z.string(), z.string()).nullable(),
  entitlements: entitlementsSchema.nullable().describe('The entitlements the hold was placed under'),
  credits_captured: int.describe('Credits charged from the hold by partial captures so far'),
  parent_hold: z.string().nullable().describe('The parent hold this one draws from (a budget), or null'),
  budget_left: int.describe(
    'What child holds may still take from this hold: its own credits while it is an active root hold, else 0',
  ),
  children_held: int.describe('Credits its open child holds reserve'),
  children_charged: int.describe('Credits its child holds charged'),
});

export const holdPageSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(holdSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});

export const authorizeSchema = holdSchema.extend({
  balance: balanceSchema,
  warnings: z.array(warningSchema),
  alternatives: z.array(alternativeSchema),
  auto_top_up: autoTopUpStateSchema,
});

export const voidSchema = holdSchema.extend({ balance: balanceSchema });

export const receiptSchema = z.looseObject({
  object: z.literal('charge'),
  id: z.string().describe('The charge id (refund it with POST /v1/charges/:id/refund)'),
  hold_id: z.string().nullable(),
  customer_id: z.string(),
  model_id: z.string(),
  credits_charged: int,
  credits_held: int,
  lots: z.array(allocationSchema).describe('Which lots paid, in consumption order'),
  provider_cost_micros: int
    .nullable()
    .describe("The provider's cost of this work; null when the catalog does not know it"),
  balance: balanceSchema,
  warnings: z.array(warningSchema),
  suggestions: z.array(alternativeSchema),
  catalog_version: z.string(),
  entitlements: entitlementsSchema,
  auto_top_up: autoTopUpStateSchema,
});

export const captureSchema = receiptSchema.extend({
  final: z.boolean().describe('Whether this capture ended the hold'),
  credits_left_held: int.describe('Credits the hold still reserves (0 once final)'),
});

export const refundSchema = z.looseObject({
  object: z.literal('refund'),
  charge_id: z.string(),
  refunded: int,
  total_refunded: int,
  lots: z.array(z.looseObject({ lot_id: z.string(), credits: int, new_lot: z.boolean() })),
  balance: balanceSchema,
});

export const grantSchema = z.looseObject({
  object: z.literal('grant'),
  lot: lotSchema,
  balance: balanceSchema,
  repaid: int,
});

export const rewardSchema = z.looseObject({
  object: z.literal('reward'),
  kind: z.string(),
  credits: int,
  lot_id: z.string(),
  period_key: z.string(),
  balance: balanceSchema,
});

export const quoteAnswerSchema = z.looseObject({
  object: z.literal('quote'),
  quote: quoteSchema.optional(),
  alternatives: z.array(alternativeSchema).optional(),
  batch: z.looseObject({ subtotal: int, discount_pct: z.number(), discount: int, total: int }).optional(),
  customer: z
    .looseObject({ available: int, entitled: z.boolean(), affordable: z.boolean(), shortfall: int })
    .nullable()
    .optional(),
});

export const batchSchema = z.looseObject({
  object: z.literal('batch'),
  quote: z.looseObject({ subtotal: int, discount: int, total: int }),
  customer_id: z.string(),
  holds: z.array(holdSchema.omit({ object: true }).loose()),
  balance: balanceSchema,
  auto_top_up: autoTopUpStateSchema,
});

export const apiKeySchema = z.looseObject({
  object: z.literal('api_key'),
  id: z.string(),
  customer_id: z.string(),
  prefix: z.string().describe('First characters of the key, to tell keys apart'),
  name: z.string().nullable(),
  monthly_credit_cap: int.nullable(),
  requests_per_minute: int,
  created_at: time,
  revoked_at: time.nullable(),
  key: z.string().nullable().optional().describe('The key itself: only in the answer that created it'),
});

export const verifySchema = z.looseObject({
  object: z.literal('api_key_verification'),
  valid: z.boolean(),
  allowed: z.boolean(),
  reason: z.enum(['revoked', 'not_entitled', 'rate_limited', 'credit_cap_reached']).nullable(),
  customer: z.string().nullable(),
  credit_cap: z.looseObject({ monthly: int, used: int, remaining: int, resets_at: time }).nullable(),
  rate_limit: z.looseObject({ limit: int, remaining: int, resets_at: time }).nullable(),
  retry_after_seconds: int.nullable(),
});

export const sessionSchema = z.looseObject({
  object: z.literal('customer_session'),
  token: z.string(),
  customer: z.string(),
  scopes: z.array(z.string()),
  expires_at: time,
});

export const usageSchema = z.looseObject({
  object: z.literal('list'),
  by: z.enum(['model', 'day', 'customer']),
  from: time,
  to: time,
  data: z.array(
    z.looseObject({
      key: z.string(),
      generations: int,
      credits: int,
      provider_cost_micros: int
        .nullable()
        .describe('Σ known costs; null when none of the generations has a known cost'),
      unknown_cost_generations: int.describe('Generations whose provider cost is unknown (not in the sum)'),
    }),
  ),
});

export const catalogSchema = z.looseObject({
  object: z.literal('catalog'),
  id: z.string(),
  version: z.string(),
  name: z.string(),
  models: z.array(z.looseObject({ id: z.string(), name: z.string(), category: z.string() })),
  plans: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  packs: z.array(z.looseObject({ id: z.string(), name: z.string(), credits: int })),
  prices: z.array(z.looseObject({ model_id: z.string(), credits: int })),
});

export const healthSchema = z.looseObject({ status: z.literal('ok') });

const affordableOptionSchema = z.looseObject({
  variant: z
    .string()
    .nullable()
    .describe('The variant or duration this option prices (`10s`); null for one price'),
  params: z.record(z.string(), z.unknown()).describe('The params a quote or hold of this option takes'),
  unit_credits: int.describe('Credits for one generation'),
  count: int.nullable().describe('Generations the customer can still make; null = no limit'),
  limited_by: z.enum([
    'credits',
    'daily_limit',
    'monthly_limit',
    'free_generations',
    'not_entitled',
    'unlimited',
  ]),
  text: z.string().describe('The count in product units: "12 × 10 s clips"'),
});

export const affordabilitySchema = z.looseObject({
  object: z.literal('affordability'),
  customer_id: z.string(),
  plan_id: z.string(),
  spendable: int.describe('available plus any overdraft allowance'),
  free_generations_left: int
    .nullable()
    .describe('Free-model generations left this month; null = not counted'),
  limits: z.array(
    z.looseObject({
      category: z.string(),
      available_today: int.nullable(),
      remaining_this_month: int.nullable(),
    }),
  ),
  models: z.array(
    z.looseObject({
      model_id: z.string(),
      model_name: z.string(),
      category: z.string(),
      free: z.boolean(),
      entitled: z.boolean(),
      options: z.array(affordableOptionSchema),
      sentence: z.string(),
    }),
  ),
  sentence: z
    .string()
    .describe('"With 120 credits you can still make 4 × 5 s clips with RunwayML Gen-4, or …"'),
});
