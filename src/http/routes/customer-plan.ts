/**
 * `POST /v1/customers/:id/plan` (issue 12.3): an operator's lever on plans without Stripe.
 * Moves the customer to a plan and, with `grant_allowance: true`, starts this calendar month's
 * period with the plan's monthly credits, ending the last period's allowance as a renewal does.
 */
import { presentPlanChange } from '../present.ts';
import { defineRoute } from '../route.ts';
import { idPathSchema } from '../schemas/common.ts';
import { changePlanBody } from '../schemas/requests.ts';
import { planChangeSchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const customerPlanRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/customers/:id/plan',
    operationId: 'changeCustomerPlan',
    tag: 'Customers',
    summary: "Change a customer's plan, optionally granting its allowance",
    description:
      "Moves the customer to `plan` with a period of this calendar month and announces `plan.changed`. With `grant_allowance: true` the period starts with the plan's monthly credits as a `plan` lot, and what was left of the last period's allowance ends (up to the plan's rollover cap is kept), exactly as a paid renewal; once per customer, plan and month (a second grant answers `allowance.granted: false`). Without it, the plan only: a plan priced 0 gets its monthly credits when its next period is due, a paid plan none. A customer with a Stripe subscription is `invalid_request` (`param: customer`): change their plan with `POST /v1/checkout`, which answers the subscription update.",
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: changePlanBody,
    response: planChangeSchema,
    errors: ['not_found', 'unknown_plan', 'invalid_request', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params, body }) =>
      mapOk(
        await deps.engine.changePlan({
          tenantId,
          idempotencyKey,
          customerId: params.id,
          planId: body.plan,
          ...(body.grant_allowance === undefined ? {} : { grantAllowance: body.grant_allowance }),
        }),
        presentPlanChange,
      ),
  }),
];
