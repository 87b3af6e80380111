/**
 * Customer API keys, for customers whose plan has API access: mint (the key is shown once),
 * verify (what the tenant's backend calls on each request made with one; an unknown key is 404), revoke.
 */
import { ok } from '../../domain/errors.ts';
import { presentApiKey, presentVerdict } from '../present.ts';
import { defineRoute } from '../route.ts';
import { emptyBodySchema, idPathSchema } from '../schemas/common.ts';
import { createApiKeyBody, verifyApiKeyBody } from '../schemas/requests.ts';
import { apiKeySchema, verifySchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const apiKeyRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/api-keys',
    operationId: 'createApiKey',
    tag: 'API keys',
    summary: 'Create a customer API key',
    description:
      "Only for customers whose plan has API access. `key` is in this answer only; a replay with the same Idempotency-Key answers the same record with `key: null`. `requests_per_minute` defaults to (and may not exceed) the plan's.",
    access: 'tenant',
    idempotent: true,
    body: createApiKeyBody,
    response: apiKeySchema,
    errors: ['not_entitled', 'not_found', 'parameter_out_of_range', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, body }) =>
      mapOk(
        await deps.engine.createApiKey({
          tenantId,
          idempotencyKey,
          customerId: body.customer,
          ...(body.name === undefined ? {} : { name: body.name }),
          ...(body.monthly_credit_cap === undefined ? {} : { monthlyCreditCap: body.monthly_credit_cap }),
          ...(body.requests_per_minute === undefined ? {} : { requestsPerMinute: body.requests_per_minute }),
        }),
        (created) => presentApiKey(created.apiKey, created.key),
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/api-keys/verify',
    operationId: 'verifyApiKey',
    tag: 'API keys',
    summary: 'Verify a customer API key',
    description:
      "Answers whether the key is valid and this request allowed: the customer, the monthly credit cap (used, remaining) and the per-minute rate limit (remaining, reset). Each allowed call counts as one request against the key's limit, a sliding window: at most the limit in any 60 seconds; `resets_at` is when the oldest request in the window leaves it. When refused, `reason` says why and `retry_after_seconds` when to retry (also sent as Retry-After).",
    access: 'tenant',
    body: verifyApiKeyBody,
    response: verifySchema,
    errors: ['not_found'],
    handler: async ({ deps, tenantId, body, reply }) => {
      const verdict = await deps.engine.verifyApiKey({ tenantId, key: body.key });
      if (!verdict.ok) return verdict;
      if (verdict.value.retryAfterSeconds !== null)
        reply.header('retry-after', String(verdict.value.retryAfterSeconds));
      return ok(presentVerdict(verdict.value));
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/v1/api-keys/:id',
    operationId: 'revokeApiKey',
    tag: 'API keys',
    summary: 'Revoke a customer API key',
    description: 'The key stops verifying at once. Revoking a revoked key answers the same record.',
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: emptyBodySchema,
    response: apiKeySchema,
    errors: ['not_found', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params }) =>
      mapOk(await deps.engine.revokeApiKey({ tenantId, idempotencyKey, keyId: params.id }), (k) =>
        presentApiKey(k),
      ),
  }),
];
