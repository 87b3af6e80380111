/**
 * Holds: reserve credits while a generation runs, then commit the actual usage (a receipt) or
 * void (everything released, quota included). Refusals are typed: 402 insufficient_credits,
 * 429 quota_exceeded with Retry-After, 403 not_entitled, 404 unknown_model.
 */

import { type ErrorCode, fail } from '../../domain/errors.ts';
import { withAutoTopUp } from '../auto-top-up/answer.ts';
import { presentAuthorize, presentHold, presentHoldPage, presentReceipt, presentVoid } from '../present.ts';
import { defineRoute } from '../route.ts';
import { emptyBodySchema, idPathSchema, toEngineParams } from '../schemas/common.ts';
import { commitHoldBody, createHoldBody, listHoldsQuery } from '../schemas/requests.ts';
import {
  authorizeSchema,
  holdPageSchema,
  holdSchema,
  receiptSchema,
  voidSchema,
} from '../schemas/responses.ts';
import { describeCallerKey, resolveCustomer } from './caller-customer.ts';
import { mapOk } from './results.ts';

/** What charging a hold can refuse: a commit, a capture, a commit by job id. */
export const SETTLE_ERRORS: readonly ErrorCode[] = [
  'not_found',
  'hold_not_active',
  'parameter_out_of_range',
  'unpriced_model',
  'insufficient_credits',
  'invalid_request',
  'forbidden',
  'idempotency_conflict',
];

export const holdRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/holds',
    operationId: 'createHold',
    tag: 'Generations',
    summary: 'Authorize: hold credits for a generation',
    description:
      "Checks the plan allows the model, the quotas have room and the balance covers the quote, then reserves the credits (15 minutes unless `ttl_seconds`). With `parent_hold` (a budget for an agent run) the credits are taken from that active hold's `budget_left` instead of from the customer's lots (402 `insufficient_credits` naming `parent_hold` beyond it) and the hold never outlives its parent; voiding or expiring the parent voids its open children. Run the generation, then commit or void the hold. An expired hold is voided by itself. A customer API key (`tg_ck_…`) may call it for its own customer (`customer` may be left out): the key's per-minute limit (429 `rate_limited`, Retry-After) and monthly credit cap (402 `credit_cap_reached`) are checked in the same transaction as the balance.",
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    body: createHoldBody,
    response: authorizeSchema,
    errors: [
      'insufficient_credits',
      'credit_cap_reached',
      'rate_limited',
      'forbidden',
      'too_many_holds',
      'quota_exceeded',
      'not_entitled',
      'unknown_model',
      'not_found',
      'parameter_out_of_range',
      'hold_not_active',
      'invalid_request',
      'idempotency_conflict',
    ],
    handler: async ({ deps, tenantId, idempotencyKey, body, principal }) => {
      const customer = resolveCustomer(principal, body.customer);
      if (!customer.ok) return customer;
      const authorized = mapOk(
        await deps.engine.authorize({
          tenantId,
          idempotencyKey,
          ...describeCallerKey(principal),
          customerId: customer.value,
          modelId: body.model,
          params: toEngineParams(body.params),
          ...(body.ttl_seconds === undefined ? {} : { ttlSeconds: body.ttl_seconds }),
          ...(body.job_id === undefined ? {} : { jobId: body.job_id }),
          ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
          ...(body.max_alternatives === undefined ? {} : { maxAlternatives: body.max_alternatives }),
          ...(body.parent_hold === undefined ? {} : { parentHold: body.parent_hold }),
        }),
        presentAuthorize,
      );
      return withAutoTopUp(deps, tenantId, authorized);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/holds/:id',
    operationId: 'getHold',
    tag: 'Generations',
    summary: 'Retrieve a hold',
    description:
      "The hold with its status (an active hold past its expiry reads `expired`), job id, metadata and the plan entitlements it was placed under. A session token reads its own customer's holds only.",
    access: { session: 'read' },
    params: idPathSchema,
    response: holdSchema,
    errors: ['not_found'],
    handler: async ({ deps, tenantId, params, checkCustomer }) => {
      const hold = await deps.engine.getHold(tenantId, params.id);
      if (!hold.ok) return hold;
      const mine = checkCustomer(hold.value.customerId);
      return mine.ok
        ? { ok: true, value: presentHold(hold.value) }
        : fail('not_found', `no hold ${params.id}`, 'hold');
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/holds',
    operationId: 'listHolds',
    tag: 'Generations',
    summary: 'List holds',
    description:
      "Holds newest first, by `customer`, `status`, the provider's `job_id` and `parent_hold` (a budget's children). Pass `next_cursor` as `cursor` for the next page. A session token lists its own customer's holds.",
    access: { session: 'read' },
    query: listHoldsQuery,
    response: holdPageSchema,
    errors: ['not_found', 'invalid_request'],
    handler: async ({ deps, tenantId, query, principal, checkCustomer }) => {
      const customer = query.customer ?? (principal.kind === 'session' ? principal.customerId : undefined);
      if (customer !== undefined) {
        const mine = checkCustomer(customer);
        if (!mine.ok) return mine;
      }
      const page = await deps.engine.listHolds({
        tenantId,
        ...(customer === undefined ? {} : { customerId: customer }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.job_id === undefined ? {} : { jobId: query.job_id }),
        ...(query.parent_hold === undefined ? {} : { parentHold: query.parent_hold }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      return mapOk(page, presentHoldPage);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/holds/:id/commit',
    operationId: 'commitHold',
    tag: 'Generations',
    summary: 'Commit a hold with the actual usage',
    description:
      "Charges the actual usage (`usage`, same words as `params`; default: what was quoted), at most the held credits unless the catalog allows overage, from lots in consumption order. Answers the receipt. A customer API key may commit the holds it placed (others answer 404); overage on such a hold stops at the key's monthly credit cap.",
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    params: idPathSchema,
    body: commitHoldBody,
    response: receiptSchema,
    errors: SETTLE_ERRORS,
    handler: async ({ deps, tenantId, idempotencyKey, params, body, metrics, principal }) => {
      const receipt = await deps.engine.commit({
        tenantId,
        idempotencyKey,
        ...describeCallerKey(principal),
        holdId: params.id,
        ...(body.usage === undefined ? {} : { usage: toEngineParams(body.usage) }),
      });
      if (receipt.ok) metrics.countCredits('charged', receipt.value.creditsCharged);
      return withAutoTopUp(deps, tenantId, mapOk(receipt, presentReceipt));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/holds/:id/void',
    operationId: 'voidHold',
    tag: 'Generations',
    summary: 'Void a hold',
    description:
      'Releases the held credits and the quota the hold took. Call it when the generation failed. A customer API key may void the holds it placed (others answer 404).',
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    params: idPathSchema,
    body: emptyBodySchema,
    response: voidSchema,
    errors: ['not_found', 'hold_not_active', 'forbidden', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params, principal }) =>
      mapOk(
        await deps.engine.void({
          tenantId,
          idempotencyKey,
          ...describeCallerKey(principal),
          holdId: params.id,
        }),
        presentVoid,
      ),
  }),
];
