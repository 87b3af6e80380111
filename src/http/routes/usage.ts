/** Usage analytics: generations, credits and provider cost by model, by day or by customer. */
import { DAY_MS } from '../../domain/calendar.ts';
import { fail } from '../../domain/errors.ts';
import { presentUsage } from '../present.ts';
import { defineRoute } from '../route.ts';
import { usageQuery } from '../schemas/requests.ts';
import { usageSchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const usageRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/usage',
    operationId: 'readUsage',
    tag: 'Analytics',
    summary: 'Usage totals',
    description:
      '`by=model|day|customer` over [`from`, `to`) (epoch milliseconds or ISO dates; default the last 30 days). Model and day totals come from a daily rollup, so they cover whole days.',
    access: 'tenant',
    query: usageQuery,
    response: usageSchema,
    errors: ['invalid_request'],
    handler: async ({ deps, tenantId, query }) => {
      const to = query.to ?? deps.now();
      const from = query.from ?? to - 30 * DAY_MS;
      if (from >= to) return fail('invalid_request', 'from must be before to', 'from');
      return mapOk(await deps.engine.readUsage({ tenantId, by: query.by, from, to }), (rows) =>
        presentUsage(query.by, from, to, rows),
      );
    },
  }),
];
