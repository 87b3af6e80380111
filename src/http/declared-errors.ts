/**
 * The error codes a route declares: its own `errors` plus what every route of its kind can
 * answer (a keyed route: `unauthorized`, `forbidden`, and `rate_limited` after repeated
 * failures; any route: `invalid_request` for malformed input such as a NUL byte, `store_busy`
 * on a locked SQLite database; an idempotent one: `idempotency_conflict`). The OpenAPI document
 * lists exactly these, and the app can check every refusal against them (issue 12 item 8).
 */
import type { ErrorCode } from '../domain/errors.ts';
import type { AnyRoute } from './route.ts';

/** Every code `route` may answer. */
export function listDeclaredErrors(route: AnyRoute): ReadonlySet<ErrorCode> {
  const codes = new Set<ErrorCode>(route.errors ?? []);
  codes.add('invalid_request');
  codes.add('store_busy');
  if (route.access !== 'public') {
    codes.add('unauthorized');
    codes.add('forbidden');
    codes.add('rate_limited');
  }
  if (route.idempotent) codes.add('idempotency_conflict');
  if (route.perAddressLimit !== undefined) codes.add('rate_limited');
  return codes;
}
