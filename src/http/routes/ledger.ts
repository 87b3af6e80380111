/** A customer's journal, newest first, with cursor pagination (readable with a session token). */

import { presentLedger } from '../present.ts';
import { defineRoute } from '../route.ts';
import { idPathSchema } from '../schemas/common.ts';
import { ledgerQuery } from '../schemas/requests.ts';
import { ledgerPageSchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const ledgerRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/customers/:id/ledger',
    operationId: 'listLedger',
    tag: 'Customers',
    summary: "List a customer's ledger",
    description:
      'Every credit movement (grants, usage, expiry, refunds) as balanced journal transactions, newest first. Pass `next_cursor` as `cursor` for the next page.',
    access: { session: 'read' },
    params: idPathSchema,
    query: ledgerQuery,
    response: ledgerPageSchema,
    errors: ['not_found', 'invalid_request'],
    handler: async ({ deps, tenantId, params, query, checkCustomer }) => {
      const allowed = checkCustomer(params.id);
      if (!allowed.ok) return allowed;
      const page = await deps.engine.listLedger({
        tenantId,
        customerId: params.id,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      return mapOk(page, presentLedger);
    },
  }),
];
