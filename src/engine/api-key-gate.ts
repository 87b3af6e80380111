/**
 * Customer API keys bind (issue 12 item 4). A hold, charge or batch made with a key is admitted
 * only when the key is live, the customer's plan still has API access, the key's per-minute
 * window has room and its monthly credit cap covers the credits asked for. All of it runs inside
 * the transaction that locked the customer and checks the balance, so requests of one key (one
 * customer) are serialized and concurrent holds can never overshoot the cap. A refusal rolls the
 * transaction back: the request is not counted against the window either.
 *
 * The cap's rules (what counts, what is refused, how a commit's overage stops) are in
 * domain/api-key-caps.ts (docs/decisions.md, "Customer API keys bind").
 */
import { type CapStanding, checkCap, standUnderCap } from '../domain/api-key-caps.ts';
import { startOfMonth } from '../domain/calendar.ts';
import type { Catalog } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { StoreTx } from '../store/store.ts';
import type { HoldRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import type { CustomerState } from './ledger.ts';
import { findCustomerPlan } from './quotas.ts';

/** The per-minute limit is a sliding window of this length. */
export const API_KEY_WINDOW_MS = 60_000;

/** Measures a customer against a key's monthly cap (`standUnderCap` in domain/api-key-caps.ts). */
export async function measureCreditCap(
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  input: { readonly cap: number; readonly held: number; readonly now: number },
): Promise<CapStanding> {
  const chargedThisMonth = await tx.access.sumCustomerCredits(tenantId, customerId, startOfMonth(input.now));
  return standUnderCap({ ...input, chargedThisMonth });
}

/**
 * Admits one request of a customer API key that asks for `requested` credits, on a customer
 * already locked: counts it in the key's window and checks the cap, or answers the refusal
 * (`unauthorized` for a key revoked meanwhile, `not_entitled`, `rate_limited`, `credit_cap_reached`).
 */
export async function admitKeyRequest(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  apiKeyId: string,
  requested: number,
): Promise<Result<true>> {
  const row = await tx.access.getApiKey(state.tenantId, apiKeyId);
  if (row === null || row.revokedAt !== null || row.customerId !== state.customer.id) {
    return fail('unauthorized', 'this API key has been revoked', 'Authorization');
  }
  const plan = findCustomerPlan(catalog, state.customer.planId);
  if (!plan.entitlements.apiAccess || plan.apiRequestsPerMinute === null) {
    const plans = catalog.plans.filter((p) => p.entitlements.apiAccess).map((p) => p.id);
    return fail('not_entitled', `plan ${plan.id} does not include API access`, 'Authorization', { plans });
  }
  const now = ctx.now();
  const limit = row.requestsPerMinute ?? plan.apiRequestsPerMinute;
  const window = await tx.access.admitRequest(state.tenantId, row.id, {
    id: ctx.newId(),
    now,
    limit,
    windowMs: API_KEY_WINDOW_MS,
  });
  if (!window.admitted) {
    const resetsAt = window.oldestAt + API_KEY_WINDOW_MS;
    return fail(
      'rate_limited',
      `API key ${row.prefix}… allows ${limit} requests a minute; retry after the oldest leaves the window`,
      'Authorization',
      { limit, resetsAt, retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - now) / 1000)) },
    );
  }
  if (row.monthlyCreditCap === null) return ok(true);
  const standing = await measureCreditCap(tx, state.tenantId, state.customer.id, {
    cap: row.monthlyCreditCap,
    held: state.held,
    now,
  });
  return checkCap(standing, requested, row.prefix);
}

/**
 * The monthly cap standing of the key a hold was placed with, for a commit that may charge
 * overage (domain/commit-charge.ts stops it at the cap); null for a hold without a capped key.
 */
export async function readCapStanding(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  hold: HoldRow,
): Promise<CapStanding | null> {
  if (hold.apiKeyId == null) return null;
  const row = await tx.access.getApiKey(state.tenantId, hold.apiKeyId);
  if (row === null || row.monthlyCreditCap === null) return null;
  return measureCreditCap(tx, state.tenantId, state.customer.id, {
    cap: row.monthlyCreditCap,
    held: state.held,
    now: ctx.now(),
  });
}
