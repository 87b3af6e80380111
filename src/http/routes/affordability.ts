/** What a customer can still afford: per model and option, in product units, with one sentence. */
import { z } from 'zod';
import { presentAffordability } from '../present.ts';
import { defineRoute } from '../route.ts';
import { idPathSchema, idSchema } from '../schemas/common.ts';
import { affordabilitySchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const affordabilityQuery = z.strictObject({
  category: idSchema.optional().describe('Only models of this category (`video`, `image`, …)'),
  model: idSchema.optional().describe('Only this model'),
});

export const affordabilityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/customers/:id/affordability',
    operationId: 'getAffordability',
    tag: 'Customers',
    summary: 'What a customer can still afford',
    description:
      'For every model (or one `category`, or one `model`) and each of its options (variant, duration step), how many more generations the customer can make with the credits available, the free generations left this month and the plan\'s daily and monthly limits, priced by the same code as quotes, with `limited_by` naming what stops it and a sentence in product units ("12 × 10 s clips, or 40 images with Stable Diffusion XL"). Changes nothing. Customer session tokens may read their own customer.',
    access: { session: 'read' },
    params: idPathSchema,
    query: affordabilityQuery,
    response: affordabilitySchema,
    errors: ['not_found', 'invalid_request', 'unknown_model'],
    handler: async ({ deps, tenantId, params, query, checkCustomer }) => {
      const allowed = checkCustomer(params.id);
      if (!allowed.ok) return allowed;
      return mapOk(
        await deps.engine.readAffordability({
          tenantId,
          customerId: params.id,
          ...(query.category === undefined ? {} : { category: query.category }),
          ...(query.model === undefined ? {} : { modelId: query.model }),
        }),
        presentAffordability,
      );
    },
  }),
];
