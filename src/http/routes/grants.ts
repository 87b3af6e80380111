/** Grants: give a customer a lot of credits (promotions, adjustments, plan allowance outside Stripe). */
import type { LotSource } from '../../domain/catalog.ts';
import { presentGrant } from '../present.ts';
import { defineRoute } from '../route.ts';
import { createGrantBody } from '../schemas/requests.ts';
import { grantSchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const grantRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/grants',
    operationId: 'createGrant',
    tag: 'Credits',
    summary: 'Grant credits',
    description:
      'Adds a lot: `credits` from `source` (default `promotional`), with a `reason` and an optional `expires_at`. Consumed in the order of its priority (default by source). Purchases normally arrive from Stripe webhooks instead.',
    access: 'tenant',
    idempotent: true,
    body: createGrantBody,
    response: grantSchema,
    errors: ['not_found', 'invalid_request', 'idempotency_conflict', 'parameter_out_of_range'],
    handler: async ({ deps, tenantId, idempotencyKey, body, metrics }) => {
      const granted = await deps.engine.grant({
        tenantId,
        idempotencyKey,
        customerId: body.customer,
        credits: body.credits,
        source: body.source as LotSource,
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        ...(body.expires_at === undefined ? {} : { expiresAt: body.expires_at }),
        ...(body.priority === undefined ? {} : { priority: body.priority }),
        ...(body.cost_basis_micros === undefined ? {} : { costBasisMicros: body.cost_basis_micros }),
        ...(body.ref === undefined ? {} : { ref: body.ref }),
      });
      if (granted.ok) metrics.countCredits('granted', granted.value.lot.amount);
      return mapOk(granted, presentGrant);
    },
  }),
];
