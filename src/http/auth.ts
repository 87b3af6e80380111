/**
 * Who is calling. `Authorization: Bearer KEY` carries either a tenant secret key (`tg_sk_…`,
 * looked up by its SHA-256 hash) or a customer session token (`tg_cs_…`, an HMAC-signed claim
 * checked against the tenant's secret). The tenant found this way scopes every query after it;
 * nothing in a request body or path can name another tenant. Failures are rate limited per IP.
 */
import type { FastifyRequest } from 'fastify';
import { fail, ok, type Result } from '../domain/errors.ts';
import { hashKey } from '../engine/access.ts';
import type { Engine } from '../engine/engine.ts';
import type { AuthLimiter } from './auth-limiter.ts';
import type { Principal, RouteAccess } from './route.ts';
import { checkSessionToken, readSessionClaims, SESSION_PREFIX } from './session-tokens.ts';

/**
 * How long a looked-up tenant key, or a tenant's session-signing secret, is trusted without
 * asking the store again: a revocation or a rotation reaches every process within this time
 * (the promise is 5 s; docs/decisions.md).
 */
const KEY_CACHE_MS = 2_000;
const KEY_CACHE_MAX = 10_000;

export interface Authenticator {
  authenticate(request: FastifyRequest, access: Exclude<RouteAccess, 'public'>): Promise<Result<Principal>>;
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

  async function identify(token: string, access: Exclude<RouteAccess, 'public'>): Promise<Result<Principal>> {
    if (token.startsWith(SESSION_PREFIX)) {
      const claims = readSessionClaims(token);
      const secret = claims === null ? null : await findSessionSecret(claims.tenantId);
      const checked = secret === null ? null : checkSessionToken(secret, token, now());
      if (checked === null) return fail('unauthorized', 'invalid or expired session token', 'Authorization');
      if (access === 'tenant' || !checked.scopes.includes(access.session)) {
        return fail(
          'forbidden',
          'a customer session token cannot call this route; use a secret key from your backend',
          'Authorization',
        );
      }
      return ok({
        kind: 'session',
        tenantId: checked.tenantId,
        customerId: checked.customerId,
        scopes: checked.scopes,
      });
    }
    const tenantId = await findTenant(token);
    if (tenantId === null) return fail('unauthorized', 'invalid API key', 'Authorization');
    return ok({ kind: 'tenant', tenantId });
  }

  return {
    async authenticate(request, access) {
      const ip = request.ip;
      const wait = limiter.retryAfter(ip);
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
      const token = readBearer(request.headers.authorization);
      const result =
        token === null
          ? fail(
              'unauthorized',
              'missing or malformed Authorization header (use "Bearer <secret key>")',
              'Authorization',
            )
          : await identify(token, access);
      if (!result.ok && result.error.code === 'unauthorized') limiter.recordFailure(ip);
      return result;
    },
  };
}
