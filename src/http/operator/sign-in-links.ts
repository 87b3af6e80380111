/**
 * One-time sign-in links for the dashboard, such as the ones `tollgate serve` prints for each
 * demo tenant. A link carries a random token that this server process remembers (by its
 * SHA-256) for a short while; opening it once trades it for an operator session cookie and
 * forgets it, so a link copied from a terminal log after use signs nobody in. Kept in memory
 * on purpose: the process that printed a link is the one that answers it, and a restart prints
 * fresh ones (docs/decisions.md).
 */
import { createHash, randomBytes } from 'node:crypto';

/** Links are good for 15 minutes: the time to open the terminal's link, not to leave it lying around. */
export const SIGN_IN_LINK_MS = 15 * 60 * 1000;
export const SIGN_IN_PATH = '/dashboard/sign-in';

export interface SignInLinks {
  /** A new one-time token for the tenant. */
  issue(tenantId: string): string;
  /** The tenant a token signs in, once; null if unknown, used or expired. */
  redeem(token: string): string | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A store of one-time sign-in tokens over the clock `now`. */
export function createSignInLinks(now: () => number): SignInLinks {
  const pending = new Map<string, { tenantId: string; until: number }>();
  return {
    issue(tenantId) {
      for (const [key, link] of pending) if (link.until <= now()) pending.delete(key);
      const token = `tg_sl_${randomBytes(24).toString('base64url')}`;
      pending.set(hash(token), { tenantId, until: now() + SIGN_IN_LINK_MS });
      return token;
    },
    redeem(token) {
      const key = hash(token);
      const link = pending.get(key);
      pending.delete(key);
      return link !== undefined && link.until > now() ? link.tenantId : null;
    },
  };
}

/** The address a sign-in token is opened at. */
export function signInUrl(baseUrl: string, token: string): string {
  return `${baseUrl}${SIGN_IN_PATH}?token=${encodeURIComponent(token)}`;
}
