/**
 * Who is calling. `Authorization: Bearer KEY` carries a tenant secret key (`tg_sk_…`, looked up
 * by its SHA-256 hash), a customer session token (`tg_cs_…`, an HMAC-signed claim checked against
 * the tenant's secret) or, on the routes that take one, a customer API key (`tg_ck_…`, by hash). The tenant found this way scopes every query after it;
 * nothing in a request body or path can name another tenant. Failing credentials are rate limited
 * per client address and per key prefix (auth-limiter.ts); good credentials never are, and an
 * expired session token is a plain 401 that does not count. Without an Authorization header, an
 * operator session cookie (the dashboard's, operator/session-cookie.ts) stands for the tenant's
 * secret key, and every write made with it must carry its CSRF token.
 */
import type { FastifyRequest } from 'fastify';
import { fail, ok, type Result } from '../domain/errors.ts';
import { hashKey, TENANT_KEY_PREFIX } from '../engine/access.ts';
import { API_KEY_PREFIX } from '../engine/api-keys.ts';
import type { Engine } from '../engine/engine.ts';
import type { AuthLimiter } from './auth-limiter.ts';
import {
  CSRF_HEADER,
  checkCsrfToken,
  checkOperatorToken,
  readOperatorClaims,
  readOperatorCookie,
} from './operator/session-cookie.ts';
import type { Principal, RouteAccess } from './route.ts';
import { inspectSessionToken, readSessionClaims, SESSION_PREFIX } from './session-tokens.ts';

/**
 * How long a looked-up tenant key, or a tenant's session-signing secret, is trusted without
 * asking the store again: a revocation or a rotation reaches every process within this time
 * (the promise is 5 s; docs/decisions.md).
 */
const KEY_CACHE_MS = 2_000;
const KEY_CACHE_MAX = 10_000;
/** Characters of a presented key its failures are counted under: `tg_sk_` and 6 more (the stored prefix). */
const KEY_PREFIX_CHARS = TENANT_KEY_PREFIX.length + 6;

export interface Authenticator {
  /** `customerApiKey`: the route also takes a customer API key (`tg_ck_…`). */
  authenticate(
    request: FastifyRequest,
    access: Exclude<RouteAccess, 'public'>,
    customerApiKey?: boolean,
  ): Promise<Result<Principal>>;
}

function readBearer(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([\x21-\x7e]{1,2048})$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/** Builds the authenticator over the engine, with a small cache of tenant keys and session secrets. */
export function createAuthenticator(engine: Engine, limiter: AuthLimiter, now: () => number): Authenticator {
  const keyCache = new Map<string, { tenantId: string; until: number }>();
  const secrets = new Map<string, { secret: string; until: number }>();

  async function findTenant(key: string): Promise<string | null> {
    const hash = hashKey(key);
    const cached = keyCache.get(hash);
    if (cached !== undefined && cached.until > now()) return cached.tenantId;
    const found = await engine.findTenantByKey(key);
    if (found === null) return null;
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(hash, { tenantId: found.tenantId, until: now() + KEY_CACHE_MS });
    return found.tenantId;
  }

  async function findSessionSecret(tenantId: string): Promise<string | null> {
    const cached = secrets.get(tenantId);
    if (cached !== undefined && cached.until > now()) return cached.secret;
    const loaded = await engine.loadSessionSecret(tenantId);
    if (!loaded.ok) return null;
    if (secrets.size >= KEY_CACHE_MAX) secrets.clear();
    secrets.set(tenantId, { secret: loaded.value, until: now() + KEY_CACHE_MS });
    return loaded.value;
  }

  /** Who the token names, and whether a failure counts against the limiter. */
  async function identify(
    token: string,
    access: Exclude<RouteAccess, 'public'>,
    customerApiKey: boolean,
  ): Promise<{ result: Result<Principal>; counts: boolean }> {
    if (token.startsWith(API_KEY_PREFIX)) {
      // Looked up on every request (no cache): a revoked key stops at once. Each transaction that
      // moves credits checks the key again, with its limit and cap.
      const found = await engine.findApiKeyPrincipal(token);
      if (found === null)
        return { result: fail('unauthorized', 'invalid API key', 'Authorization'), counts: true };
      if (!customerApiKey) {
        return {
          result: fail(
            'forbidden',
            'a customer API key can only create holds, charges and batches and end its own holds',
            'Authorization',
          ),
          counts: false,
        };
      }
      return { result: ok({ kind: 'api_key', ...found }), counts: false };
    }
    if (token.startsWith(SESSION_PREFIX)) {
      const claims = readSessionClaims(token);
      const secret = claims === null ? null : await findSessionSecret(claims.tenantId);
      const checked = secret === null ? null : inspectSessionToken(secret, token, now());
      if (checked?.kind === 'expired') {
        // A token that was ours and ran out: the browser should fetch a new one, not be slowed.
        return {
          result: fail('unauthorized', 'session token expired; mint a new one', 'Authorization'),
          counts: false,
        };
      }
      if (checked === null || checked.kind === 'invalid')
        return { result: fail('unauthorized', 'invalid session token', 'Authorization'), counts: true };
      if (access === 'tenant' || !checked.claims.scopes.includes(access.session)) {
        return {
          result: fail(
            'forbidden',
            'a customer session token cannot call this route; use a secret key from your backend',
            'Authorization',
          ),
          counts: false,
        };
      }
      const { tenantId, customerId, scopes } = checked.claims;
      return { result: ok({ kind: 'session', tenantId, customerId, scopes }), counts: false };
    }
    const tenantId = await findTenant(token);
    if (tenantId === null)
      return { result: fail('unauthorized', 'invalid API key', 'Authorization'), counts: true };
    return { result: ok({ kind: 'tenant', tenantId }), counts: false };
  }

  /** An operator cookie: the tenant's principal, if signed, current and (on writes) CSRF-checked. */
  async function identifyOperator(
    token: string,
    request: FastifyRequest,
  ): Promise<{ result: Result<Principal>; counts: boolean }> {
    const claims = readOperatorClaims(token);
    const secret = claims === null ? null : await findSessionSecret(claims.tenantId);
    const checked = secret === null ? null : checkOperatorToken(secret, token, now());
    if (checked === null || secret === null) {
      const expired = claims !== null && secret !== null && claims.expiresAt <= now();
      return {
        result: fail('unauthorized', 'operator session expired or invalid; sign in again', 'Cookie'),
        counts: !expired,
      };
    }
    const reads = request.method === 'GET' || request.method === 'HEAD';
    if (!reads && !checkCsrfToken(secret, token, request.headers[CSRF_HEADER])) {
      return {
        result: fail(
          'forbidden',
          'a write made with an operator session needs its CSRF token in the X-CSRF-Token header',
          'X-CSRF-Token',
        ),
        counts: false,
      };
    }
    return { result: ok({ kind: 'tenant', tenantId: checked.tenantId }), counts: false };
  }

  return {
    async authenticate(request, access, customerApiKey = false) {
      const token = readBearer(request.headers.authorization);
      const cookie =
        request.headers.authorization === undefined ? readOperatorCookie(request.headers.cookie) : null;
      if (cookie !== null) {
        const { result, counts } = await identifyOperator(cookie, request);
        if (result.ok || !counts) return result;
        return limitFailure(request.ip, cookie, result);
      }
      const { result, counts } =
        token === null
          ? {
              result: fail(
                'unauthorized',
                'missing or malformed Authorization header (use "Bearer <secret key>")',
                'Authorization',
              ),
              counts: true,
            }
          : await identify(token, access, customerApiKey);
      if (result.ok || !counts) return result;
      return limitFailure(request.ip, token, result);
    },
  };

  /** Only failing credentials meet the limiter: good ones were answered before it. */
  function limitFailure(ip: string, token: string | null, result: Result<Principal>): Result<Principal> {
    const subjects = failureSubjects(ip, token);
    const wait = limiter.retryAfter(subjects);
    if (wait > 0) {
      return fail(
        'rate_limited',
        'too many failed authentication attempts; try again later',
        'Authorization',
        {
          retryAfterSeconds: wait,
        },
      );
    }
    limiter.recordFailure(subjects);
    return result;
  }
}

/** What a failure is counted under: the client address, and the presented key's prefix. */
export function failureSubjects(ip: string, token: string | null): string[] {
  const subjects = [`ip:${ip}`];
  if (token === null) return subjects;
  const claims = token.startsWith(SESSION_PREFIX) ? readSessionClaims(token) : null;
  subjects.push(
    claims === null
      ? `key:${token.slice(0, KEY_PREFIX_CHARS)}`
      : `session:${claims.tenantId}:${claims.customerId}`,
  );
  return subjects;
}
