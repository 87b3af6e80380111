/** Batches (bulk operations): authorize several generations all or nothing, with the plan's volume discount. */

import { withAutoTopUp } from '../auto-top-up/answer.ts';
import { presentBatch } from '../present.ts';
import { defineRoute } from '../route.ts';
import { toEngineParams } from '../schemas/common.ts';
import { createBatchBody } from '../schemas/requests.ts';
import { batchSchema } from '../schemas/responses.ts';
import { describeCallerKey, resolveCustomer } from './caller-customer.ts';
import { mapOk } from './results.ts';

export const batchRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/batches',
    operationId: 'createBatch',
    tag: 'Generations',
    summary: 'Authorize a batch',
    description:
      'For plans with bulk operations: prices every item, applies the plan discount, and places one hold per item, all or none (a refusal names the item, e.g. `items[2].params.duration`). Commit or void each hold on its own. A customer API key may call it for its own customer: the batch is one request against its per-minute limit and its total counts against the monthly credit cap.',
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    body: createBatchBody,
    response: batchSchema,
    errors: [
      'not_entitled',
      'insufficient_credits',
      'credit_cap_reached',
      'rate_limited',
      'forbidden',
      'too_many_holds',
      'quota_exceeded',
      'unknown_model',
      'parameter_out_of_range',
      'unpriced_model',
      'not_found',
      'idempotency_conflict',
    ],
    handler: async ({ deps, tenantId, idempotencyKey, body, principal }) => {
      const customer = resolveCustomer(principal, body.customer);
      if (!customer.ok) return customer;
      const batch = mapOk(
        await deps.engine.authorizeBatch({
          tenantId,
          idempotencyKey,
          ...describeCallerKey(principal),
          customerId: customer.value,
          items: body.items.map((i) => ({ modelId: i.model, params: toEngineParams(i.params) })),
          ...(body.ttl_seconds === undefined ? {} : { ttlSeconds: body.ttl_seconds }),
        }),
        (b) => ({ ...presentBatch(b), customer_id: customer.value }),
      );
      return withAutoTopUp(deps, tenantId, batch);
    },
  }),
];
