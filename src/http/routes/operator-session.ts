/**
 * Operator sign-in for the dashboard: a secret key, or a one-time link printed by `tollgate
 * serve`, is exchanged once for a short-lived session in an HttpOnly, SameSite=Strict cookie
 * (operator/session-cookie.ts). The page reads its CSRF token from `GET /v1/operator/session`
 * and sends it on every write; the key itself never reaches the browser's storage.
 */
import { fail, ok, type Result } from '../../domain/errors.ts';
import {
  checkOperatorToken,
  clearedOperatorCookie,
  csrfTokenFor,
  mintOperatorToken,
  OPERATOR_SESSION_MS,
  operatorCookie,
  readOperatorClaims,
  readOperatorCookie,
} from '../operator/session-cookie.ts';
import { SIGN_IN_PATH } from '../operator/sign-in-links.ts';
import { type AppDeps, defineRoute } from '../route.ts';
import {
  operatorSessionSchema,
  operatorSignInBody,
  operatorSignOutSchema,
  signInLinkQuery,
} from '../schemas/operator.ts';

const TAG = 'Operator';

interface Minted {
  readonly cookie: string;
  readonly session: {
    object: 'operator_session';
    tenant: string;
    expires_at: number;
    csrf_token: string;
  };
}

const secure = (deps: AppDeps) => deps.config.publicUrl.startsWith('https:');

/** A new session for the tenant, as a cookie and the answer the page reads. */
async function mintSession(deps: AppDeps, tenantId: string): Promise<Result<Minted>> {
  const secret = await deps.engine.loadSessionSecret(tenantId);
  if (!secret.ok) return secret;
  const expiresAt = deps.now() + OPERATOR_SESSION_MS;
  const token = mintOperatorToken(secret.value, { tenantId, expiresAt });
  return ok({
    cookie: operatorCookie(token, OPERATOR_SESSION_MS, secure(deps)),
    session: {
      object: 'operator_session',
      tenant: tenantId,
      expires_at: expiresAt,
      csrf_token: csrfTokenFor(secret.value, token),
    },
  });
}

export const operatorSessionRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/operator/session',
    operationId: 'signInOperator',
    tag: TAG,
    summary: 'Sign in to the dashboard with a secret key',
    description:
      "Exchanges the tenant's secret key for an operator session: a `tg_operator` cookie (HttpOnly, SameSite=Strict, one hour) that the analytics and operator routes accept in place of the key. Writes made with the cookie must send the answer's `csrf_token` as `X-CSRF-Token`. Changes nothing stored, so no Idempotency-Key.",
    access: 'public',
    body: operatorSignInBody,
    response: operatorSessionSchema,
    errors: ['unauthorized'],
    perAddressLimit: { max: 20, windowMs: 60_000 },
    handler: async ({ deps, body, reply }) => {
      const found = await deps.engine.findTenantByKey(body.key);
      if (found === null) return fail('unauthorized', 'not a secret key of any tenant', 'key');
      const minted = await mintSession(deps, found.tenantId);
      if (!minted.ok) return minted;
      reply.header('set-cookie', minted.value.cookie).header('cache-control', 'no-store');
      return ok(minted.value.session);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/operator/session',
    operationId: 'readOperatorSession',
    tag: TAG,
    summary: 'The signed-in operator session',
    description:
      'Which tenant the `tg_operator` cookie signs in, until when, and the CSRF token to send on writes. 401 without a current session.',
    access: 'public',
    response: operatorSessionSchema,
    errors: ['unauthorized'],
    handler: async ({ deps, request, reply }) => {
      const token = readOperatorCookie(request.headers.cookie);
      const claims = token === null ? null : readOperatorClaims(token);
      const secret = claims === null ? null : await deps.engine.loadSessionSecret(claims.tenantId);
      const checked =
        token === null || secret === null || !secret.ok
          ? null
          : checkOperatorToken(secret.value, token, deps.now());
      if (checked === null || token === null || secret === null || !secret.ok)
        return fail('unauthorized', 'not signed in (or the session expired); sign in again', 'Cookie');
      reply.header('cache-control', 'no-store');
      return ok({
        object: 'operator_session' as const,
        tenant: checked.tenantId,
        expires_at: checked.expiresAt,
        csrf_token: csrfTokenFor(secret.value, token),
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/operator/session/end',
    operationId: 'signOutOperator',
    tag: TAG,
    summary: 'Sign out of the dashboard',
    description: 'Clears the `tg_operator` cookie in this browser.',
    access: 'public',
    response: operatorSignOutSchema,
    handler: async ({ deps, reply }) => {
      reply.header('set-cookie', clearedOperatorCookie(secure(deps)));
      return ok({ object: 'operator_session' as const, signed_out: true as const });
    },
  }),
  defineRoute({
    method: 'GET',
    url: SIGN_IN_PATH,
    operationId: 'openSignInLink',
    tag: TAG,
    summary: 'Open a one-time dashboard sign-in link',
    description:
      'The links `tollgate serve` prints: a valid, unused token sets the operator session cookie and redirects to `/dashboard/`; a used or expired one redirects to `/dashboard/?sign_in=expired`.',
    access: 'public',
    raw: true,
    query: signInLinkQuery,
    handler: async ({ deps, query, reply }) => {
      const tenantId = deps.signInLinks.redeem(query.token);
      const minted = tenantId === null ? null : await mintSession(deps, tenantId);
      if (minted === null || !minted.ok) {
        await reply.header('cache-control', 'no-store').redirect('/dashboard/?sign_in=expired', 303);
        return null;
      }
      await reply
        .header('set-cookie', minted.value.cookie)
        .header('cache-control', 'no-store')
        .redirect('/dashboard/', 303);
      return null;
    },
  }),
];
