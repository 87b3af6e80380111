/** Request and answer schemas of the public catalog routes (issue 15), for validation and the OpenAPI document. */
import { z } from 'zod';
import { generationParamsSchema, idSchema } from './common.ts';

const int = z.int();
const pricing = z.looseObject({
  kind: z.enum(['free', 'flat', 'variants', 'per_second', 'duration_steps', 'tokens']),
});

export const publicCatalogSchema = z.object({
  object: z.literal('public_catalog'),
  id: z.string(),
  name: z.string(),
  version: z.string(),
  currency: z.string(),
  credit_value_micros: int.describe('What one credit is worth (10,000 = $0.01)'),
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      category: z.string(),
      free: z.boolean(),
      max_count: int,
      pricing,
    }),
  ),
  prices: z.array(
    z.object({
      model_id: z.string(),
      model_name: z.string(),
      category: z.string(),
      variant: z.string().nullable(),
      unit: z.string(),
      credits: int,
      free: z.boolean(),
    }),
  ),
  plans: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      price_cents: int,
      monthly_credits: int,
      daily_credits: int,
      free_generations_per_month: int.nullable(),
      entitlements: z.looseObject({ categories: z.array(z.string()) }),
      limits: z.record(z.string(), z.looseObject({})),
      is_default: z.boolean(),
    }),
  ),
  packs: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      credits: int,
      price_cents: int,
      expires_in_days: int.nullable(),
    }),
  ),
  rewards: z.array(z.object({ kind: z.string(), credits: int, expires_in_days: int.nullable() })),
  competitors: z
    .array(z.object({ name: z.string(), price_cents: int }))
    .describe("Other products' monthly prices, for comparison (as the catalog lists them)"),
  page: z.object({
    slug: z.string(),
    signup_url: z.string().nullable(),
    demo_checkout: z
      .boolean()
      .describe('True for the demo tenants under demo mode: the page may start a demo checkout'),
  }),
});

export const publicSampleSchema = z.object({
  object: z.literal('public_sample'),
  model: z.string(),
  output: z.looseObject({ kind: z.enum(['text', 'image', 'video', 'audio']) }),
});

const planOption = z.object({
  plan_id: z.string(),
  plan_name: z.string(),
  plan_price_cents: int,
  plan_credits: int.describe('Monthly credits plus 30 days of daily credits'),
  packs: z.array(z.object({ pack_id: z.string(), count: int })),
  pack_cents: int,
  total_cents: int,
  blocked_by: z.enum(['not_entitled', 'free_quota', 'no_packs']).nullable(),
});

export const monthEstimateSchema = z.object({
  object: z.literal('month_estimate'),
  lines: z.array(
    z.object({
      model_id: z.string(),
      model_name: z.string(),
      category: z.string(),
      count: int,
      unit_credits: int,
      credits: int,
      free: z.boolean(),
    }),
  ),
  credits: int,
  free_generations: int,
  options: z.array(planOption),
  best: planOption.nullable(),
});

export const publicPageSchema = z.object({
  object: z.literal('public_page'),
  published: z.boolean(),
  slug: z.string().nullable(),
  signup_url: z.string().nullable(),
});

export const estimateBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        model: idSchema,
        params: generationParamsSchema.optional(),
        count: z.int().min(0).max(100_000).describe('Generations a month'),
      }),
    )
    .max(50),
});
export const pageBody = z.strictObject({
  slug: z.string().max(100).nullable().describe('The public slug (`my-app`); null unpublishes'),
  signup_url: z
    .string()
    .max(2000)
    .nullable()
    .optional()
    .describe("Where the page's buy buttons send a visitor to sign up (absolute http(s) URL)"),
});
