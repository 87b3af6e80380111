/**
 * Customer session tokens, minted by the tenant's backend for its browser: they read that one
 * customer's balance and history and may start checkout, nothing else (see session-tokens.ts).
 */
import { ok } from '../../domain/errors.ts';
import type { SessionScope } from '../route.ts';
import { defineRoute } from '../route.ts';
import { idPathSchema } from '../schemas/common.ts';
import { createSessionBody } from '../schemas/requests.ts';
import { sessionSchema } from '../schemas/responses.ts';
import { mintSessionToken } from '../session-tokens.ts';

const DEFAULT_TTL_SECONDS = 900;
const SCOPES: readonly SessionScope[] = ['read', 'checkout'];

export const sessionRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/customers/:id/sessions',
    operationId: 'createSession',
    tag: 'Customers',
    summary: 'Mint a customer session token',
    description:
      "A short-lived token for the customer's browser (15 minutes by default). It can read this customer's balance and ledger, the catalog and quotes, and start checkout. It changes nothing by itself, so no Idempotency-Key is needed.",
    access: 'tenant',
    params: idPathSchema,
    body: createSessionBody,
    response: sessionSchema,
    errors: ['not_found'],
    handler: async ({ deps, tenantId, params, body }) => {
      const customer = await deps.engine.getCustomer(tenantId, params.id);
      if (!customer.ok) return customer;
      const secret = await deps.engine.loadSessionSecret(tenantId);
      if (!secret.ok) return secret;
      const expiresAt = deps.now() + (body.ttl_seconds ?? DEFAULT_TTL_SECONDS) * 1000;
      const token = mintSessionToken(secret.value, {
        tenantId,
        customerId: params.id,
        expiresAt,
        scopes: SCOPES,
      });
      return ok({
        object: 'customer_session' as const,
        token,
        customer: params.id,
        scopes: SCOPES,
        expires_at: expiresAt,
      });
    },
  }),
];
