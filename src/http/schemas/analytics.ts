/**
 * Schemas of the operator analytics routes (issue 14): the query every route takes and the
 * answers. Every figure is an integer in its unit: credits, cents, micro-dollars, basis points
 * (1/100 of a percent). Definitions: docs/analytics.md.
 */
import { z } from 'zod';

const name = z.string().min(1).max(200);

export const analyticsQuery = z.strictObject({
  from: z.iso
    .date()
    .optional()
    .describe('First day (UTC, inclusive), `YYYY-MM-DD`; default 29 days before `to`'),
  to: z.iso.date().optional().describe('Last day (UTC, inclusive), `YYYY-MM-DD`; default today'),
  granularity: z
    .enum(['day', 'week', 'month', 'all'])
    .default('day')
    .describe(
      'Periods: days, ISO weeks (Monday first), calendar months, or `all` (one period, the whole range)',
    ),
  model: name.optional().describe('Only this model (usage and margins)'),
  category: name.optional().describe('Only this model category (usage and margins)'),
  plan: name
    .optional()
    .describe('Only customers whose current plan this is (usage, credits, revenue, margins)'),
});

const int = z.int();
const nullableInt = z.int().nullable();

const head = {
  from: z.string().describe('First day, inclusive'),
  to: z.string().describe('Last day, inclusive'),
  granularity: z.enum(['day', 'week', 'month', 'all']),
};

const usageFigures = z.looseObject({
  generations: int,
  credits: int,
  provider_cost_micros: nullableInt.describe('null when no generation of the group had a known cost'),
  unknown_cost_generations: int,
});

export const usageAnalyticsSchema = z.looseObject({
  object: z.literal('analytics.usage'),
  ...head,
  periods: z.array(z.looseObject({ period: z.string(), model: z.string(), figures: usageFigures })),
  by_category: z.array(z.looseObject({ category: z.string(), figures: usageFigures })),
  by_model: z.array(z.looseObject({ model: z.string(), category: z.string(), figures: usageFigures })),
  totals: usageFigures,
});

const issued = z.looseObject({
  purchase: int,
  plan: int,
  promotional: int,
  reward: int,
  refund: int,
  adjustment: int,
});

const creditFlows = {
  issued,
  issued_total: int,
  burned: int,
  expired: int.describe('Expired unused (breakage)'),
  clawed_back: int,
  adjusted_down: int,
};

export const creditAnalyticsSchema = z.looseObject({
  object: z.literal('analytics.credits'),
  ...head,
  periods: z.array(
    z.looseObject({
      period: z.string(),
      ...creditFlows,
      outstanding: z.looseObject({ paid: int, free: int, total: int }).describe('At the period’s end'),
    }),
  ),
  totals: z.looseObject(creditFlows),
});

const money = {
  packs_cents: int,
  plans_cents: int,
  refunds_cents: int,
  disputes_cents: int,
  net_cents: int,
};

export const revenueAnalyticsSchema = z.looseObject({
  object: z.literal('analytics.revenue'),
  ...head,
  periods: z.array(z.looseObject({ period: z.string(), ...money })),
  by_item: z.array(z.looseObject({ kind: z.string(), item: z.string(), ...money })),
  totals: z.looseObject(money),
});

const margin = {
  credits_burned: int,
  credit_value_micros: int.describe('Credits burned × the catalog’s credit value'),
  provider_cost_micros: nullableInt,
  margin_micros: nullableInt,
  margin_bp: nullableInt.describe('Margin over credit value in basis points (2500 = 25 %)'),
};

export const marginAnalyticsSchema = z.looseObject({
  object: z.literal('analytics.margins'),
  ...head,
  credit_value_micros: int.describe('One credit’s value'),
  by_model: z.array(z.looseObject({ model: z.string(), ...margin })),
  by_plan: z.array(z.looseObject({ plan: z.string(), ...margin })),
  totals: z.looseObject(margin),
});

export const conversionAnalyticsSchema = z.looseObject({
  object: z.literal('analytics.conversion'),
  ...head,
  periods: z.array(
    z.looseObject({
      period: z.string(),
      customers_by_plan: z.record(z.string(), int),
      customers: int,
      upgrades: int,
      downgrades: int,
      cancels: int,
      switches: int,
      free_to_paid: int,
      convertible: int,
      conversion_rate_bp: nullableInt,
      first_purchases: int,
      active_customers: int,
      paying_customers: int,
    }),
  ),
});

export const projectionsSchema = z.looseObject({
  object: z.literal('analytics.projections'),
  ...head,
  burn_window_days: int,
  burned_in_window: int,
  burn_rate_per_day: int,
  period_end: int.describe('Epoch milliseconds'),
  days_to_period_end: int,
  credits_needed: int,
  outstanding: int,
  runway_days: nullableInt,
});
