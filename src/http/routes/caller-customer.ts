/**
 * Whose credits a generation request spends. A tenant secret key names the customer in the body;
 * a customer API key (or session token) is for its own customer only: the body's `customer` may
 * be left out, and naming another one answers 404 as if it did not exist.
 */
import { fail, ok, type Result } from '../../domain/errors.ts';
import type { Principal } from '../route.ts';

/** The customer a request is for, or the refusal. */
export function resolveCustomer(principal: Principal, given: string | undefined): Result<string> {
  if (principal.kind === 'tenant') {
    return given === undefined
      ? fail('invalid_request', 'customer is required with a secret key', 'customer')
      : ok(given);
  }
  if (given !== undefined && given !== principal.customerId)
    return fail('not_found', `no customer ${given}`, 'customer');
  return ok(principal.customerId);
}

/** The engine's words for the customer API key making a request: `{ apiKeyId }`, or nothing. */
export function describeCallerKey(principal: Principal): { apiKeyId?: string } {
  return principal.kind === 'api_key' ? { apiKeyId: principal.keyId } : {};
}
