/**
 * Quotes: what a generation (or a batch) would cost, its cheaper alternatives, and with a
 * customer named, whether they may run it and can afford it. Reserves nothing.
 */
import { fail } from '../../domain/errors.ts';
import { presentBatchQuote, presentQuote } from '../present.ts';
import { defineRoute } from '../route.ts';
import { toEngineParams } from '../schemas/common.ts';
import { quoteBody } from '../schemas/requests.ts';
import { quoteAnswerSchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const quoteRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/quotes',
    operationId: 'createQuote',
    tag: 'Pricing',
    summary: 'Quote a generation or a batch',
    description:
      'Send `model` and `params` for one generation, or `customer` and `items` for a batch priced with the plan discount. With `customer`, the answer says whether they are entitled and can afford it, and which packs or plans would cover a shortfall. Changes nothing; no Idempotency-Key needed. Session tokens may quote for their own customer.',
    access: { session: 'read' },
    body: quoteBody,
    response: quoteAnswerSchema,
    errors: ['unknown_model', 'invalid_request', 'parameter_out_of_range', 'not_found'],
    handler: async ({ deps, tenantId, body, checkCustomer, principal }) => {
      const customer = body.customer ?? (principal.kind === 'session' ? principal.customerId : undefined);
      if (customer !== undefined) {
        const allowed = checkCustomer(customer);
        if (!allowed.ok) return allowed;
      }
      if (body.items !== undefined) {
        if (body.model !== undefined)
          return fail('invalid_request', 'send either model or items, not both', 'items');
        if (customer === undefined)
          return fail('invalid_request', 'a batch quote needs customer', 'customer');
        const items = body.items.map((i) => ({ modelId: i.model, params: toEngineParams(i.params) }));
        return mapOk(
          await deps.engine.quoteBatch({ tenantId, customerId: customer, items }),
          presentBatchQuote,
        );
      }
      if (body.model === undefined)
        return fail('invalid_request', 'model is required (or items for a batch)', 'model');
      const answer = await deps.engine.quote({
        tenantId,
        modelId: body.model,
        params: toEngineParams(body.params),
        ...(customer === undefined ? {} : { customerId: customer }),
        ...(body.max_alternatives === undefined ? {} : { maxAlternatives: body.max_alternatives }),
      });
      return mapOk(answer, presentQuote);
    },
  }),
];
