/**
 * The operator analytics (issue 14 item 1): usage, credits, revenue, margins, conversion and
 * projections over a range of whole UTC days, for a tenant secret key or an operator session.
 * Definitions: docs/analytics.md.
 */
import type { z } from 'zod';
import { DAY_MS, dayKey, startOfDay } from '../../domain/calendar.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import type { AnalyticsQuery } from '../../engine/analytics/query.ts';
import type { Engine } from '../../engine/engine.ts';
import { defineRoute } from '../route.ts';
import {
  analyticsQuery,
  conversionAnalyticsSchema,
  creditAnalyticsSchema,
  marginAnalyticsSchema,
  projectionsSchema,
  revenueAnalyticsSchema,
  usageAnalyticsSchema,
} from '../schemas/analytics.ts';
import { toSnakeCase } from '../snake.ts';

/** The longest range one request may ask for: three years of days. */
export const MAX_RANGE_DAYS = 1096;
const DEFAULT_DAYS = 30;

/** The query's range in epoch ms ([from, to) at UTC midnights), or what is wrong with it. */
export function resolveRange(
  tenantId: string,
  q: z.output<typeof analyticsQuery>,
  now: number,
): Result<AnalyticsQuery> {
  const to = q.to === undefined ? startOfDay(now) + DAY_MS : Date.parse(`${q.to}T00:00:00Z`) + DAY_MS;
  const from = q.from === undefined ? to - DEFAULT_DAYS * DAY_MS : Date.parse(`${q.from}T00:00:00Z`);
  if (Number.isNaN(from)) return fail('invalid_request', 'from is not a date', 'from');
  if (Number.isNaN(to)) return fail('invalid_request', 'to is not a date', 'to');
  if (from >= to) return fail('invalid_request', 'from must be on or before to', 'from');
  if (to - from > MAX_RANGE_DAYS * DAY_MS)
    return fail('invalid_request', `a range covers at most ${MAX_RANGE_DAYS} days`, 'to');
  return ok({
    tenantId,
    from,
    to,
    granularity: q.granularity,
    ...(q.model === undefined ? {} : { model: q.model }),
    ...(q.category === undefined ? {} : { category: q.category }),
    ...(q.plan === undefined ? {} : { plan: q.plan }),
  });
}

type Reader = (engine: Engine, q: AnalyticsQuery) => Promise<Result<object>>;

function analyticsRoute(
  name: string,
  operationId: string,
  summary: string,
  description: string,
  response: z.ZodType,
  read: Reader,
) {
  return defineRoute({
    method: 'GET',
    url: `/v1/analytics/${name}`,
    operationId,
    tag: 'Analytics',
    summary,
    description: `${description} Over whole UTC days \`from\`–\`to\` (inclusive; default the last 30), cut by \`granularity\`. Definitions: docs/analytics.md.`,
    access: 'tenant',
    query: analyticsQuery,
    response,
    errors: ['invalid_request'],
    handler: async ({ deps, tenantId, query }) => {
      const range = resolveRange(tenantId, query, deps.now());
      if (!range.ok) return range;
      const figures = await read(deps.engine, range.value);
      if (!figures.ok) return figures;
      return ok({
        object: `analytics.${name}`,
        from: dayKey(range.value.from),
        to: dayKey(range.value.to - DAY_MS),
        granularity: range.value.granularity,
        ...toSnakeCase(figures.value),
      });
    },
  });
}

export const analyticsRoutes = [
  analyticsRoute(
    'usage',
    'readUsageAnalytics',
    'Usage by model, period and category',
    'Generations, credits burned and provider cost (micro-dollars, null where unknown) by model × period, by category and by model.',
    usageAnalyticsSchema,
    (e, q) => e.readUsageAnalytics(q),
  ),
  analyticsRoute(
    'credits',
    'readCreditAnalytics',
    'Credits issued, burned, expired and outstanding',
    'Credits issued by source (purchase, plan, promotional, reward, refund, adjustment), burned, expired unused, clawed back and taken by adjustments per period, and outstanding at each period’s end, paid and free apart.',
    creditAnalyticsSchema,
    (e, q) => e.readCreditAnalytics(q),
  ),
  analyticsRoute(
    'revenue',
    'readRevenueAnalytics',
    'Revenue from packs and plans',
    'Pack and plan payments, refunds and disputes from the Stripe events (cents), per period and per pack or plan.',
    revenueAnalyticsSchema,
    (e, q) => e.readRevenueAnalytics(q),
  ),
  analyticsRoute(
    'margins',
    'readMarginAnalytics',
    'Margins per model and per plan',
    'Credits burned × the credit value against provider cost, with the margin in basis points, per model and per plan.',
    marginAnalyticsSchema,
    (e, q) => e.readMarginAnalytics(q),
  ),
  analyticsRoute(
    'conversion',
    'readConversionAnalytics',
    'Customers by plan, plan moves and conversion',
    'Customers by plan at each period’s end, upgrades, downgrades and cancels, the free-to-paid conversion rate (basis points), first purchases, active and paying customers.',
    conversionAnalyticsSchema,
    (e, q) => e.readConversionAnalytics(q),
  ),
  analyticsRoute(
    'projections',
    'readProjections',
    'Burn rate and credits needed',
    'The tenant-wide burn rate over the last 7 days of the range and the credits needed to the end of the period holding its last day.',
    projectionsSchema,
    (e, q) => e.readProjections(q),
  ),
];
