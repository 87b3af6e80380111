/**
 * Where the studio's checkout sends the customer back: always a page inside `/studio`, so a
 * return URL sent by the browser cannot turn the checkout into a redirect to another site.
 */

/** Keeps a return URL inside the studio (path and query only). */
export function sanitizeReturnPath(returnUrl: string | undefined): string {
  try {
    const url = new URL(returnUrl ?? '/studio/', 'http://studio.invalid');
    return url.pathname.startsWith('/studio') ? `${url.pathname}${url.search}` : '/studio/';
  } catch {
    return '/studio/';
  }
}

/** Adds a `checkout=` flag to the studio page the customer goes back to. */
export function buildReturnUrl(path: string, outcome: 'success' | 'cancelled'): string {
  const url = new URL(path, 'http://studio.invalid');
  url.searchParams.set('checkout', outcome);
  return `${url.pathname}${url.search}`;
}
