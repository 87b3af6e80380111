/**
 * Operator sessions: what the dashboard signs in with instead of keeping a secret key in the
 * browser. A tenant secret key (or a one-time sign-in link) is exchanged once for a signed,
 * short-lived token carried only in an HttpOnly, SameSite=Strict cookie, so page scripts never
 * see it. Signed rather than stored, like customer session tokens, but under a key derived for
 * this purpose alone (`operator-session` over the tenant's session secret) and with its own
 * prefix: a customer session token can never pass for one, and rotating the tenant's session
 * secret ends every operator session too. Writes made with the cookie must echo the CSRF token
 * (`X-CSRF-Token`), which is derived from the session and handed to the page in JSON.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse, serialize } from 'cookie';

export const OPERATOR_PREFIX = 'tg_os_';
export const OPERATOR_COOKIE = 'tg_operator';
export const CSRF_HEADER = 'x-csrf-token';
/** One hour: long enough to work a queue of customers, short enough that a lost cookie soon dies. */
export const OPERATOR_SESSION_MS = 60 * 60 * 1000;

export interface OperatorClaims {
  readonly tenantId: string;
  readonly expiresAt: number;
}

function operatorKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('operator-session').digest();
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', operatorKey(secret)).update(payload).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Mints an operator session token for a tenant (a random nonce makes every one distinct). */
export function mintOperatorToken(secret: string, claims: OperatorClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ t: claims.tenantId, e: claims.expiresAt, n: randomBytes(12).toString('base64url') }),
  ).toString('base64url');
  return `${OPERATOR_PREFIX}${payload}.${sign(secret, payload)}`;
}

/** The tenant a token claims, unchecked (to find the secret that signs it); null if malformed. */
export function readOperatorClaims(token: string): OperatorClaims | null {
  if (!token.startsWith(OPERATOR_PREFIX)) return null;
  const [payload, signature, extra] = token.slice(OPERATOR_PREFIX.length).split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return null;
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof raw.t !== 'string' || typeof raw.e !== 'number' || typeof raw.n !== 'string') return null;
    return { tenantId: raw.t, expiresAt: raw.e };
  } catch {
    return null;
  }
}

/** The claims of a token signed under `secret` and current at `now`; null otherwise. */
export function checkOperatorToken(secret: string, token: string, now: number): OperatorClaims | null {
  const claims = readOperatorClaims(token);
  if (claims === null) return null;
  const body = token.slice(OPERATOR_PREFIX.length);
  const dot = body.indexOf('.');
  if (!sameText(sign(secret, body.slice(0, dot)), body.slice(dot + 1))) return null;
  return claims.expiresAt > now ? claims : null;
}

/** The CSRF token of a session: the page sends it back on every write made with the cookie. */
export function csrfTokenFor(secret: string, token: string): string {
  return createHmac('sha256', operatorKey(secret)).update(`csrf:${token}`).digest('base64url');
}

/** Whether a presented CSRF header matches the session's token. */
export function checkCsrfToken(secret: string, token: string, presented: unknown): boolean {
  return typeof presented === 'string' && sameText(csrfTokenFor(secret, token), presented);
}

/** The operator token in a Cookie header, if any. */
export function readOperatorCookie(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const value = parse(header)[OPERATOR_COOKIE];
  return value === undefined || value === '' ? null : value;
}

/** The Set-Cookie value carrying a session (`secure` when the server is reached over HTTPS). */
export function operatorCookie(token: string, maxAgeMs: number, secure: boolean): string {
  return serialize(OPERATOR_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: Math.max(0, Math.floor(maxAgeMs / 1000)),
    secure,
  });
}

/** The Set-Cookie value that ends the session in this browser. */
export function clearedOperatorCookie(secure: boolean): string {
  return operatorCookie('', 0, secure);
}
