/** Batches (bulk operations): authorize several generations all or nothing, with the plan's volume discount. */

import { presentBatch } from '../present.ts';
import { defineRoute } from '../route.ts';
import { toEngineParams } from '../schemas/common.ts';
import { createBatchBody } from '../schemas/requests.ts';
import { batchSchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const batchRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/batches',
    operationId: 'createBatch',
    tag: 'Generations',
    summary: 'Authorize a batch',
    description:
      'For plans with bulk operations: prices every item, applies the plan discount, and places one hold per item, all or none (a refusal names the item, e.g. `items[2].params.duration`). Commit or void each hold on its own.',
    access: 'tenant',
    idempotent: true,
    body: createBatchBody,
    response: batchSchema,
    errors: [
      'not_entitled',
      'insufficient_credits',
      'too_many_holds',
      'quota_exceeded',
      'unknown_model',
      'parameter_out_of_range',
      'unpriced_model',
      'not_found',
      'idempotency_conflict',
    ],
    handler: async ({ deps, tenantId, idempotencyKey, body }) =>
      mapOk(
        await deps.engine.authorizeBatch({
          tenantId,
          idempotencyKey,
          customerId: body.customer,
          items: body.items.map((i) => ({ modelId: i.model, params: toEngineParams(i.params) })),
          ...(body.ttl_seconds === undefined ? {} : { ttlSeconds: body.ttl_seconds }),
        }),
        presentBatch,
      ),
  }),
];
