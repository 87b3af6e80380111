/**
 * Holds that follow the provider's job (issue 17 item 2): extend a hold while the job runs,
 * capture from it in parts, and commit or void it by the provider's job id, so a provider
 * callback needs no hold id.
 */
import { withAutoTopUp } from '../auto-top-up/answer.ts';
import { presentCapture, presentReceipt, presentVoid } from '../present.ts';
import { defineRoute } from '../route.ts';
import { emptyBodySchema, idPathSchema, toEngineParams } from '../schemas/common.ts';
import { captureHoldBody, commitHoldBody, extendHoldBody, jobPathSchema } from '../schemas/requests.ts';
import { captureSchema, receiptSchema, voidSchema } from '../schemas/responses.ts';
import { describeCallerKey } from './caller-customer.ts';
import { SETTLE_ERRORS } from './holds.ts';
import { mapOk } from './results.ts';

export const holdJobRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/holds/:id/extend',
    operationId: 'extendHold',
    tag: 'Generations',
    summary: 'Extend an active hold while the job runs',
    description:
      "Sets the hold's expiry to `ttl_seconds` from now (never earlier than it was), so a long provider job does not expire mid-run. At most the catalog's `max_hold_seconds` (default 86,400) from the hold's creation: past that it is 400 `invalid_request` naming `ttl_seconds`, with the most allowed in `details.max_ttl_seconds`. A customer API key may extend the holds it placed (others answer 404).",
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    params: idPathSchema,
    body: extendHoldBody,
    response: voidSchema,
    errors: ['not_found', 'hold_not_active', 'invalid_request', 'forbidden', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params, body, principal }) =>
      mapOk(
        await deps.engine.extendHold({
          tenantId,
          idempotencyKey,
          ...describeCallerKey(principal),
          holdId: params.id,
          ttlSeconds: body.ttl_seconds,
        }),
        presentVoid,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/holds/:id/capture',
    operationId: 'captureHold',
    tag: 'Generations',
    summary: 'Capture part of a hold (streams, cancellations)',
    description:
      "Charges the usage so far (priced like a commit, at the hold's catalog version), at most what is left held unless the catalog allows overage. With `final: false` the rest stays held (the hold's `credits` shrink by what was taken; each capture is its own charge, refundable on its own); with `final: true` it is a commit of this usage and the hold ends. A void after partial captures releases only what is left. Answers the receipt with `credits_left_held`.",
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    params: idPathSchema,
    body: captureHoldBody,
    response: captureSchema,
    errors: SETTLE_ERRORS,
    handler: async ({ deps, tenantId, idempotencyKey, params, body, metrics, principal }) => {
      const captured = await deps.engine.captureHold({
        tenantId,
        idempotencyKey,
        ...describeCallerKey(principal),
        holdId: params.id,
        usage: toEngineParams(body.usage),
        final: body.final,
      });
      if (captured.ok) metrics.countCredits('charged', captured.value.creditsCharged);
      return withAutoTopUp(deps, tenantId, mapOk(captured, presentCapture));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/jobs/:job_id/commit',
    operationId: 'commitJob',
    tag: 'Generations',
    summary: "Commit the hold placed with a provider's job id",
    description:
      "The same as committing the hold (`POST /v1/holds/:id/commit`), found by the `job_id` it was placed with (unique per tenant), so a provider's callback needs no hold id. 404 `not_found` naming `job_id` when no hold has it.",
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    params: jobPathSchema,
    body: commitHoldBody,
    response: receiptSchema,
    errors: SETTLE_ERRORS,
    handler: async ({ deps, tenantId, idempotencyKey, params, body, metrics, principal }) => {
      const receipt = await deps.engine.commitJob({
        tenantId,
        idempotencyKey,
        ...describeCallerKey(principal),
        jobId: params.job_id,
        ...(body.usage === undefined ? {} : { usage: toEngineParams(body.usage) }),
      });
      if (receipt.ok) metrics.countCredits('charged', receipt.value.creditsCharged);
      return withAutoTopUp(deps, tenantId, mapOk(receipt, presentReceipt));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/jobs/:job_id/void',
    operationId: 'voidJob',
    tag: 'Generations',
    summary: "Void the hold placed with a provider's job id",
    description:
      'The same as voiding the hold (`POST /v1/holds/:id/void`), found by its `job_id`: releases what is left held (after partial captures, only the remainder). 404 `not_found` naming `job_id` when no hold has it.',
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    params: jobPathSchema,
    body: emptyBodySchema,
    response: voidSchema,
    errors: ['not_found', 'hold_not_active', 'invalid_request', 'forbidden', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params, principal }) =>
      mapOk(
        await deps.engine.voidJob({
          tenantId,
          idempotencyKey,
          ...describeCallerKey(principal),
          jobId: params.job_id,
        }),
        presentVoid,
      ),
  }),
];
