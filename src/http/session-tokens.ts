/**
 * Customer session tokens: short-lived, HMAC-SHA256-signed with a per-tenant secret kept in
 * the database. Signed rather than stored because browser components read the balance often
 * (every generation, every meter refresh): checking a signature needs no database write per
 * token, no table of tokens to expire, and works on any server process, since the secret is
 * in the shared database. Rotating the tenant's secret revokes every token at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SessionScope } from './route.ts';

export const SESSION_PREFIX = 'tg_cs_';

/** What a token says: tenant, customer, expiry (epoch ms) and scopes. */
export interface SessionClaims {
  readonly tenantId: string;
  readonly customerId: string;
  readonly expiresAt: number;
  readonly scopes: readonly SessionScope[];
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Mints a token for the claims. */
export function mintSessionToken(secret: string, claims: SessionClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ t: claims.tenantId, c: claims.customerId, e: claims.expiresAt, s: claims.scopes }),
  ).toString('base64url');
  return `${SESSION_PREFIX}${payload}.${sign(secret, payload)}`;
}

/** Reads a token's claims without checking them (to find the tenant whose secret signs it). */
export function readSessionClaims(token: string): SessionClaims | null {
  if (!token.startsWith(SESSION_PREFIX)) return null;
  const [payload, signature, extra] = token.slice(SESSION_PREFIX.length).split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return null;
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const scopes = raw.s;
    if (
      typeof raw.t !== 'string' ||
      typeof raw.c !== 'string' ||
      typeof raw.e !== 'number' ||
      !Array.isArray(scopes)
    )
      return null;
    if (!scopes.every((s) => s === 'read' || s === 'checkout')) return null;
    return { tenantId: raw.t, customerId: raw.c, expiresAt: raw.e, scopes: scopes as SessionScope[] };
  } catch {
    return null;
  }
}

/** Whether a token carries a valid signature under `secret` and has not expired at `now`. */
export function checkSessionToken(secret: string, token: string, now: number): SessionClaims | null {
  const checked = inspectSessionToken(secret, token, now);
  return checked.kind === 'valid' ? checked.claims : null;
}

/** A token's standing: signed and current, signed but expired (not an attack), or not ours. */
export type SessionTokenStanding =
  | { readonly kind: 'valid'; readonly claims: SessionClaims }
  | { readonly kind: 'expired'; readonly claims: SessionClaims }
  | { readonly kind: 'invalid' };

/** Checks the signature first, then the expiry, so an expired token is told from a forged one. */
export function inspectSessionToken(secret: string, token: string, now: number): SessionTokenStanding {
  const claims = readSessionClaims(token);
  if (claims === null) return { kind: 'invalid' };
  const body = token.slice(SESSION_PREFIX.length);
  const dot = body.indexOf('.');
  const expected = Buffer.from(sign(secret, body.slice(0, dot)));
  const given = Buffer.from(body.slice(dot + 1));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { kind: 'invalid' };
  return claims.expiresAt <= now ? { kind: 'expired', claims } : { kind: 'valid', claims };
}
