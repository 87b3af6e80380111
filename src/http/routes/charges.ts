/** Charges: authorize and commit in one call for instant work, and refunds back into the lots that paid. */

import { withAutoTopUp } from '../auto-top-up/answer.ts';
import { presentReceipt, presentRefund } from '../present.ts';
import { defineRoute } from '../route.ts';
import { idPathSchema, toEngineParams } from '../schemas/common.ts';
import { createChargeBody, refundChargeBody } from '../schemas/requests.ts';
import { receiptSchema, refundSchema } from '../schemas/responses.ts';
import { describeCallerKey, resolveCustomer } from './caller-customer.ts';
import { mapOk } from './results.ts';

export const chargeRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/charges',
    operationId: 'createCharge',
    tag: 'Generations',
    summary: 'Charge a generation in one step',
    description:
      'Authorize and commit at once, for work that is instant. Same refusals as a hold; answers the receipt. A customer API key may call it for its own customer, within its per-minute limit and monthly credit cap.',
    access: 'tenant',
    customerApiKey: true,
    idempotent: true,
    body: createChargeBody,
    response: receiptSchema,
    errors: [
      'insufficient_credits',
      'credit_cap_reached',
      'rate_limited',
      'forbidden',
      'too_many_holds',
      'quota_exceeded',
      'not_entitled',
      'unknown_model',
      'parameter_out_of_range',
      'unpriced_model',
      'not_found',
      'idempotency_conflict',
    ],
    handler: async ({ deps, tenantId, idempotencyKey, body, metrics, principal }) => {
      const customer = resolveCustomer(principal, body.customer);
      if (!customer.ok) return customer;
      const receipt = await deps.engine.charge({
        tenantId,
        idempotencyKey,
        ...describeCallerKey(principal),
        customerId: customer.value,
        modelId: body.model,
        params: toEngineParams(body.params),
        ...(body.usage === undefined ? {} : { usage: toEngineParams(body.usage) }),
        ...(body.max_alternatives === undefined ? {} : { maxAlternatives: body.max_alternatives }),
      });
      if (receipt.ok) metrics.countCredits('charged', receipt.value.creditsCharged);
      return withAutoTopUp(deps, tenantId, mapOk(receipt, presentReceipt));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/charges/:id/refund',
    operationId: 'refundCharge',
    tag: 'Generations',
    summary: 'Refund a charge',
    description:
      'Puts credits back into the lots they came from (a lot that has expired since comes back as a new short-lived lot). Default: everything not yet refunded.',
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: refundChargeBody,
    response: refundSchema,
    errors: ['not_found', 'charge_not_refundable', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params, body, metrics }) => {
      const refund = await deps.engine.refund({
        tenantId,
        idempotencyKey,
        chargeId: params.id,
        ...(body.credits === undefined ? {} : { credits: body.credits }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
      });
      if (refund.ok) metrics.countCredits('refunded', refund.value.refunded);
      return mapOk(refund, presentRefund);
    },
  }),
];
