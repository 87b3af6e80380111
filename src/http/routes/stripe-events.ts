/** The Stripe events received, for operators: those that need attention first (issue 14, the payments page). */
import { z } from 'zod';
import { defineRoute } from '../route.ts';
import { toSnakeCase } from '../snake.ts';
import { mapOk } from './results.ts';

const query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('1-200, default 50'),
});

const eventSchema = z.looseObject({
  event_id: z.string(),
  kind: z
    .string()
    .describe('What it asked of the ledger: grant_purchase, start_subscription, claw_back, ignore, …'),
  customer_id: z.string().nullable(),
  needs_attention: z.boolean().describe('Money moved but could not be attributed: an operator must look'),
  outcome: z.unknown(),
  amount_cents: z.int().nullable(),
  amount_kind: z.string().nullable(),
  item: z.string().nullable(),
  occurred_at: z.int(),
  processed_at: z.int(),
});

export const stripeEventRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/stripe-events',
    operationId: 'listStripeEvents',
    tag: 'Payments',
    summary: 'Stripe events received',
    description:
      'The Stripe events applied for this tenant with what each did and the money it moved: the ones that need attention (money moved, no customer, pack or plan to attribute it to) first, then the newest.',
    access: 'tenant',
    query,
    response: z.looseObject({ object: z.literal('list'), data: z.array(eventSchema) }),
    handler: async ({ deps, tenantId, query: q }) =>
      mapOk(await deps.engine.listStripeEvents(tenantId, q.limit), (events) => ({
        object: 'list' as const,
        data: toSnakeCase(events),
      })),
  }),
];
