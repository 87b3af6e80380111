/**
 * Request schemas, one per route that takes input: bodies are strict (an unknown field is a
 * 400 naming it), query strings are coerced from text. Each is also the OpenAPI description
 * of that request.
 */
import { z } from 'zod';
import { creditsSchema, generationParamsSchema, idSchema, MAX_CREDITS, timeSchema } from './common.ts';

export const createCustomerBody = z.strictObject({
  id: idSchema.describe("The tenant's own id for the customer"),
  email: z.email().max(320).nullable().optional(),
  plan: idSchema.optional().describe("A plan id from the catalog; default: the catalog's default plan"),
  referral_code: idSchema.optional().describe("Another customer's referral code"),
  overdraft_limit: z
    .int()
    .min(0)
    .max(MAX_CREDITS)
    .optional()
    .describe('Credits the customer may go below zero'),
  grant_allowance: z
    .boolean()
    .optional()
    .describe(
      "Start the first period with a paid plan's monthly credits (default false: a paid plan's allowance comes with its Stripe invoice or POST /v1/customers/:id/plan)",
    ),
});

export const changePlanBody = z.strictObject({
  plan: idSchema.describe('A plan id from the catalog'),
  grant_allowance: z
    .boolean()
    .optional()
    .describe(
      "Start a period (this calendar month) with the plan's monthly credits, ending the last period's allowance like a renewal (default false: the plan only)",
    ),
});

export const ledgerQuery = z.strictObject({
  cursor: z.string().min(1).max(255).optional().describe('next_cursor of the previous page'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe('Transactions per page, 1-500 (default 50)'),
});

const batchItemSchema = z.strictObject({ model: idSchema, params: generationParamsSchema.optional() });

/** How many cheaper models a request wants suggested. */
const maxAlternativesSchema = z
  .int()
  .min(0)
  .max(10)
  .optional()
  .describe('Cheaper models to suggest, 0-10 (default 3)');

export const quoteBody = z
  .strictObject({
    customer: idSchema.optional().describe('Check entitlement and affordability for this customer'),
    model: idSchema.optional(),
    params: generationParamsSchema.optional(),
    items: z
      .array(batchItemSchema)
      .min(1)
      .max(100)
      .optional()
      .describe('Quote a batch instead (needs customer)'),
    max_alternatives: maxAlternativesSchema,
  })
  .describe('Either model (+ params) or items');

/** `customer` on generation requests: a customer API key spends its own customer's credits. */
const generationCustomer = idSchema
  .optional()
  .describe('Required with a secret key; a customer API key may leave it out (it is for its own customer)');

export const createHoldBody = z.strictObject({
  customer: generationCustomer,
  model: idSchema,
  params: generationParamsSchema.optional(),
  ttl_seconds: z
    .int()
    .min(1)
    .max(604_800)
    .optional()
    .describe("Hold lifetime; default: the catalog's (15 minutes)"),
  job_id: z.string().min(1).max(200).optional().describe("The provider's job id: find the hold by it later"),
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .optional()
    .describe('Your own notes, at most 20 string values'),
  max_alternatives: maxAlternativesSchema,
  parent_hold: idSchema
    .optional()
    .describe(
      "A budget: draw this hold from an active parent hold of the same customer instead of from the customer's lots (never more than the parent's `budget_left`; never outliving it)",
    ),
});

export const listHoldsQuery = z.strictObject({
  customer: idSchema.optional().describe("Only this customer's holds (a session token: its own)"),
  status: z.enum(['active', 'committed', 'voided', 'expired']).optional(),
  job_id: z.string().min(1).max(200).optional(),
  parent_hold: idSchema.optional().describe("Only this hold's children (an agent run's sub-agents)"),
  cursor: z.string().min(1).max(255).optional().describe('next_cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).optional().describe('Holds per page, 1-500 (default 50)'),
});

export const commitHoldBody = z.strictObject({
  usage: generationParamsSchema
    .optional()
    .describe('Actual usage, same words as params; default: what was quoted'),
});

export const extendHoldBody = z.strictObject({
  ttl_seconds: z
    .int()
    .min(1)
    .describe(
      "The hold's new time to live from now; at most the catalog's max_hold_seconds from its creation",
    ),
});

export const captureHoldBody = z.strictObject({
  usage: generationParamsSchema.describe('Usage to charge now, same words as params'),
  final: z.boolean().describe('true charges this usage and ends the hold; false keeps the rest held'),
});

/** The provider's job id in a path (`/v1/jobs/:job_id/...`). */
export const jobPathSchema = z.strictObject({
  job_id: z.string().min(1).max(200).describe("The provider's job id the hold was placed with"),
});

export const createChargeBody = z.strictObject({
  customer: generationCustomer,
  model: idSchema,
  params: generationParamsSchema.optional(),
  usage: generationParamsSchema.optional(),
  max_alternatives: maxAlternativesSchema,
});

export const refundChargeBody = z.strictObject({
  credits: creditsSchema.optional().describe('Default: everything not yet refunded'),
  reason: z.string().max(1000).optional(),
});

export const lotSourceSchema = z.enum([
  'promotional',
  'adjustment',
  'plan',
  'purchase',
  'refund',
  'reward:welcome',
  'reward:email_verified',
  'reward:social_share',
  'reward:referral',
  'reward:daily',
]);

export const createGrantBody = z.strictObject({
  customer: idSchema,
  credits: creditsSchema,
  source: lotSourceSchema.default('promotional'),
  reason: z.string().max(1000).nullable().optional(),
  expires_at: timeSchema.nullable().optional().describe('When the lot expires; default: never'),
  priority: z
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe("Consumption order, lowest first; default: the source's"),
  cost_basis_micros: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  ref: z.string().max(1000).nullable().optional().describe('What caused the grant, for your records'),
});

export const rewardPathSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['welcome', 'email_verified', 'social_share', 'referral', 'daily']),
});

export const createBatchBody = z.strictObject({
  customer: generationCustomer,
  items: z.array(batchItemSchema).min(1).max(100),
  ttl_seconds: z.int().min(1).max(604_800).optional(),
});

export const createApiKeyBody = z.strictObject({
  customer: idSchema,
  name: z.string().max(200).nullable().optional(),
  monthly_credit_cap: z.int().min(0).max(MAX_CREDITS).nullable().optional(),
  requests_per_minute: z
    .int()
    .min(1)
    .max(1_000_000)
    .nullable()
    .optional()
    .describe("At most the plan's; default: the plan's"),
});

export const verifyApiKeyBody = z.strictObject({ key: z.string().min(1).max(255) });

export const createSessionBody = z.strictObject({
  ttl_seconds: z
    .int()
    .min(60)
    .max(86_400)
    .optional()
    .describe('Token lifetime, 60-86400 seconds (default 900)'),
});

export const usageQuery = z.strictObject({
  by: z.enum(['model', 'day', 'customer']).default('model'),
  from: z
    .union([z.coerce.number().int().min(0), timeSchema])
    .optional()
    .describe('Start (inclusive); default: 30 days ago'),
  to: z
    .union([z.coerce.number().int().min(0), timeSchema])
    .optional()
    .describe('End (exclusive); default: now'),
});
