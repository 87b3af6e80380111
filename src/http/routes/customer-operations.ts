/**
 * Customers for operators (issue 14 item 2): the searchable list, flag and unflag, and signed
 * adjustments with a reason. Tenant keys and operator sessions only; every write is idempotent.
 */

import { z } from 'zod';
import { ok } from '../../domain/errors.ts';
import { presentApiKey } from '../present.ts';
import { defineRoute } from '../route.ts';
import { idPathSchema } from '../schemas/common.ts';
import {
  adjustBody,
  adjustSchema,
  customerListSchema,
  flagBody,
  flagSchema,
  listCustomersQuery,
} from '../schemas/customer-operations.ts';
import { apiKeySchema } from '../schemas/responses.ts';
import { toSnakeCase } from '../snake.ts';
import { mapOk } from './results.ts';

function flagRoute(flagged: boolean) {
  const verb = flagged ? 'flag' : 'unflag';
  return defineRoute({
    method: 'POST',
    url: `/v1/customers/:id/${verb}`,
    operationId: flagged ? 'flagCustomer' : 'unflagCustomer',
    tag: 'Customers',
    summary: flagged ? 'Flag a customer' : 'Clear a customer’s flag',
    description: flagged
      ? 'Marks the customer for an operator to look at (refunds and disputes flag customers too). Changes no credits.'
      : 'Clears the flag once an operator has looked. Changes no credits.',
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: flagBody,
    response: flagSchema,
    errors: ['not_found'],
    handler: async ({ deps, tenantId, idempotencyKey, params, body }) =>
      mapOk(
        await deps.engine.setCustomerFlag({
          tenantId,
          idempotencyKey,
          customerId: params.id,
          flagged,
          reason: body.reason ?? null,
        }),
        (r) => ({ object: 'customer_flag' as const, customer: r.customerId, flagged: r.flagged }),
      ),
  });
}

export const customerOperationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/customers',
    operationId: 'listCustomers',
    tag: 'Customers',
    summary: 'List and search customers',
    description:
      'Newest first. `query` matches a prefix of the id or of the email (without case); `plan` and `flagged` filter; pass `next_cursor` as `cursor` for the next page.',
    access: 'tenant',
    query: listCustomersQuery,
    response: customerListSchema,
    handler: async ({ deps, tenantId, query }) => {
      const page = await deps.engine.listCustomers({
        tenantId,
        limit: query.limit,
        ...(query.query === undefined ? {} : { query: query.query }),
        ...(query.plan === undefined ? {} : { plan: query.plan }),
        ...(query.flagged === undefined ? {} : { flagged: query.flagged === 'true' }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      if (!page.ok) return page;
      return ok({ object: 'list' as const, ...toSnakeCase(page.value) });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/customers/:id/api-keys',
    operationId: 'listCustomerApiKeys',
    tag: 'API keys',
    summary: "List a customer's API keys",
    description:
      'Newest first, revoked ones included, by prefix and name (a key itself is shown only once, when it is made). Revoke one with `DELETE /v1/api-keys/:id`.',
    access: 'tenant',
    params: idPathSchema,
    response: z.looseObject({ object: z.literal('list'), data: z.array(apiKeySchema) }),
    errors: ['not_found'],
    handler: async ({ deps, tenantId, params }) =>
      mapOk(await deps.engine.listCustomerApiKeys(tenantId, params.id), (keys) => ({
        object: 'list' as const,
        data: keys.map((k) => presentApiKey(k)),
      })),
  }),
  flagRoute(true),
  flagRoute(false),
  defineRoute({
    method: 'POST',
    url: '/v1/customers/:id/adjustments',
    operationId: 'adjustCredits',
    tag: 'Customers',
    summary: 'Adjust a customer’s credits',
    description:
      'A signed correction with a reason: positive credits add an adjustment lot, negative ones take credits from the lots in consumption order (never below zero). Journaled like every credit movement.',
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: adjustBody,
    response: adjustSchema,
    errors: ['not_found', 'insufficient_credits'],
    handler: async ({ deps, tenantId, idempotencyKey, params, body }) =>
      mapOk(
        await deps.engine.adjust({
          tenantId,
          idempotencyKey,
          customerId: params.id,
          credits: body.credits,
          reason: body.reason,
        }),
        (r) => ({
          object: 'adjustment' as const,
          customer: params.id,
          credits: body.credits,
          transaction: r.transactionId,
        }),
      ),
  }),
];
