/**
 * What `tollgate serve` prints: the demo tenants' keys as shell lines to paste (a fresh
 * database), how to get a key again (an existing one), and where the studio, the dashboard and
 * the API reference are.
 */

export interface DemoTenantKey {
  readonly preset: string;
  readonly id: string;
  readonly secretKey: string;
}

/** `musicgen` → `MUSICGEN_KEY`, `directors-palette` → `DIRECTORS_PALETTE_KEY`. */
export function keyVariable(preset: string): string {
  return `${preset.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_KEY`;
}

/** The lines naming each new demo tenant's key, or how to mint one when the database had tenants. */
export function formatTenantKeys(made: readonly DemoTenantKey[], existing: readonly string[]): string {
  if (made.length === 0) {
    const example = existing.includes('musicgen') ? 'musicgen' : (existing[0] ?? 'ID');
    return [
      `tenants: ${existing.join(', ') || 'none'} (their keys were shown once, when they were made)`,
      '  npx tollgate tenant list                 # list them',
      `  npx tollgate tenant key --tenant ${example}   # mint a new secret key for one`,
      '',
    ].join('\n');
  }
  const lines = made.map((t) => `export ${keyVariable(t.preset)}=${t.secretKey}`);
  const width = Math.max(...lines.map((l) => l.length));
  return [
    'demo tenants, one per catalog preset; each key is shown this once (paste these lines into your shell):',
    ...made.map((t, i) => `  ${(lines[i] as string).padEnd(width)}   # tenant ${t.id}, catalog ${t.preset}`),
    '',
  ].join('\n');
}

/** Whether demo mode is on, why, and what that serves. */
export function formatDemoMode(demo: { on: boolean; why: string }, testCheckout: boolean): string {
  if (demo.on) return `demo mode on: ${demo.why}; the studio and offline test checkouts are served\n`;
  const checkouts = testCheckout
    ? 'offline test checkouts are on (TOLLGATE_TEST_CHECKOUT=on)'
    : 'tenants without Stripe keys cannot take payments';
  return `demo mode off: ${demo.why}; no studio, ${checkouts}\n`;
}

/**
 * The listening line and the addresses to open: the studio only in demo mode, the dashboard only
 * when this server serves one (a line never names a page that answers 404).
 */
export function formatAddresses(url: string, serves: { studio: boolean; dashboard: boolean }): string {
  return [
    `tollgate listening on ${url} (Ctrl-C stops it)`,
    ...(serves.studio ? [`  studio         ${url}/studio/`] : []),
    ...(serves.dashboard ? [`  dashboard      ${url}/dashboard/`] : []),
    `  API reference  ${url}/docs   (OpenAPI document: ${url}/openapi.json)`,
    '',
  ].join('\n');
}

/** The one-time dashboard sign-in links, one per demo tenant (nothing when there are none). */
export function formatSignInLinks(
  links: readonly { readonly tenant: string; readonly url: string }[],
): string {
  if (links.length === 0) return '';
  const width = Math.max(...links.map((l) => l.tenant.length));
  return [
    'dashboard sign-in, one-time links (each works once, for 15 minutes; restart for new ones):',
    ...links.map((l) => `  ${l.tenant.padEnd(width)}  ${l.url}`),
    '',
  ].join('\n');
}
