/** Customers: create one (with the tenant's own id) and read one with balance, lots, quotas and projections. */

import { ok } from '../../domain/errors.ts';
import { presentAutoTopUpState } from '../auto-top-up/answer.ts';
import { presentCustomerCreated, presentCustomerSummary } from '../present.ts';
import { defineRoute } from '../route.ts';
import { idPathSchema } from '../schemas/common.ts';
import { createCustomerBody } from '../schemas/requests.ts';
import { customerCreatedSchema, customerSummarySchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const customerRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/customers',
    operationId: 'createCustomer',
    tag: 'Customers',
    summary: 'Create a customer',
    description:
      "Creates a customer under the tenant's own id, on the catalog's default plan unless `plan` names another, and grants the welcome reward if the catalog has one. `allowance` says whether the plan's monthly credits were granted: a plan priced 0 gets them at once; a paid plan gets none unless `grant_allowance: true` (its allowance normally comes with its paid Stripe invoice, or from `POST /v1/customers/:id/plan`).",
    access: 'tenant',
    idempotent: true,
    body: createCustomerBody,
    response: customerCreatedSchema,
    errors: [
      'customer_exists',
      'reward_not_eligible',
      'unknown_plan',
      'invalid_request',
      'idempotency_conflict',
    ],
    handler: async ({ deps, tenantId, idempotencyKey, body }) =>
      mapOk(
        await deps.engine.createCustomer({
          tenantId,
          idempotencyKey,
          customerId: body.id,
          ...(body.email === undefined ? {} : { email: body.email }),
          ...(body.plan === undefined ? {} : { planId: body.plan }),
          ...(body.referral_code === undefined ? {} : { referralCode: body.referral_code }),
          ...(body.overdraft_limit === undefined ? {} : { overdraftLimit: body.overdraft_limit }),
          ...(body.grant_allowance === undefined ? {} : { grantAllowance: body.grant_allowance }),
        }),
        presentCustomerCreated,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/customers/:id',
    operationId: 'getCustomer',
    tag: 'Customers',
    summary: 'Read a customer',
    description:
      'Plan, balance (`available`, `held`), live lots and their totals by source, quotas, fired warnings, usage projections and the state of auto top-up (`auto_top_up`: on, charging, or turned off by a failed card and why). Customer session tokens may read their own customer.',
    access: { session: 'read' },
    params: idPathSchema,
    response: customerSummarySchema,
    errors: ['not_found'],
    handler: async ({ deps, tenantId, params, checkCustomer }) => {
      const allowed = checkCustomer(params.id);
      if (!allowed.ok) return allowed;
      const summary = mapOk(await deps.engine.getCustomer(tenantId, params.id), presentCustomerSummary);
      if (!summary.ok) return summary;
      const autoTopUp = await deps.engine.peekAutoTopUp(tenantId, params.id);
      return ok({ ...summary.value, auto_top_up: presentAutoTopUpState(autoTopUp) });
    },
  }),
];
