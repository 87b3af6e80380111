/**
 * Customer API keys: for customers whose plan has API access, random, shown
 * once, stored hashed, each with an optional monthly credit cap and a requests-per-minute
 * limit. `verifyApiKey` is what a tenant's backend calls on each request its customer makes
 * with such a key: which customer, whether the request is allowed, and what is left.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import type { ApiKeyRow } from '../store/sql/access.ts';
import { generateKey, hashKey } from './access.ts';
import { API_KEY_WINDOW_MS, measureCreditCap } from './api-key-gate.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { findCustomerPlan } from './quotas.ts';
import { runUseCase } from './transaction.ts';
import type { Mutation } from './types.ts';
import { firstFailure, validateCount, validateId, validateText } from './validate.ts';

export const API_KEY_PREFIX = 'tg_ck_';

export interface ApiKeyInfo {
  readonly id: string;
  readonly customerId: string;
  readonly prefix: string;
  readonly name: string | null;
  readonly monthlyCreditCap: number | null;
  readonly requestsPerMinute: number;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export interface CreateApiKeyInput extends Mutation {
  readonly customerId: string;
  readonly name?: string | null;
  readonly monthlyCreditCap?: number | null;
  /** At most the plan's figure; defaults to it. */
  readonly requestsPerMinute?: number | null;
}

export interface ApiKeyCreated {
  readonly apiKey: ApiKeyInfo;
  /** The key itself, shown once; null when the answer is a replay of an earlier request. */
  readonly key: string | null;
}

export type VerifyReason = 'revoked' | 'not_entitled' | 'rate_limited' | 'credit_cap_reached';

export interface ApiKeyVerdict {
  readonly valid: boolean;
  readonly allowed: boolean;
  readonly reason: VerifyReason | null;
  readonly apiKey: ApiKeyInfo | null;
  readonly creditCap: {
    readonly monthly: number;
    readonly used: number;
    readonly remaining: number;
    readonly resetsAt: number;
  } | null;
  readonly rateLimit: {
    readonly limit: number;
    readonly remaining: number;
    readonly resetsAt: number;
  } | null;
  /** Seconds until a refused request may be retried; null when allowed or never. */
  readonly retryAfterSeconds: number | null;
}

function presentApiKey(row: ApiKeyRow, planRpm: number): ApiKeyInfo {
  return {
    id: row.id,
    customerId: row.customerId,
    prefix: row.prefix,
    name: row.name,
    monthlyCreditCap: row.monthlyCreditCap,
    requestsPerMinute: row.requestsPerMinute ?? planRpm,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

/** A customer's API keys, newest first, revoked ones included (issue 14: the dashboard's customer page). */
export async function listCustomerApiKeys(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
): Promise<Result<ApiKeyInfo[]>> {
  return ctx.store.read(async (tx) => {
    const customer = await tx.customers.get(tenantId, customerId);
    if (customer === null) return fail('not_found', `no customer ${customerId}`, 'customer');
    const catalog = await loadTenantCatalog(ctx, tx, tenantId);
    if (!catalog.ok) return catalog;
    const rpm = findCustomerPlan(catalog.value, customer.planId).apiRequestsPerMinute ?? 0;
    return ok((await tx.access.listApiKeys(tenantId, customerId)).map((row) => presentApiKey(row, rpm)));
  });
}

/** Mints an API key for a customer whose plan has API access. */
export async function createApiKey(
  ctx: EngineContext,
  input: CreateApiKeyInput,
): Promise<Result<ApiKeyCreated>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    validateText(input.name, 'name'),
    input.monthlyCreditCap == null ? ok(0) : validateCount(input.monthlyCreditCap, 'monthly_credit_cap'),
    input.requestsPerMinute == null ? ok(0) : validateCount(input.requestsPerMinute, 'requests_per_minute'),
  );
  if (invalid !== null) return invalid;
  const { idempotencyKey: _k, tenantId, ...call } = input;
  let shown: string | null = null;
  const created = await runIdempotent(
    ctx,
    { ...input, operation: 'create_api_key', input: call },
    async (tx) => {
      const catalog = await loadTenantCatalog(ctx, tx, tenantId);
      if (!catalog.ok) return catalog;
      const customer = await tx.customers.get(tenantId, input.customerId);
      if (customer === null) return fail('not_found', `no customer ${input.customerId}`, 'customer');
      const plan = findCustomerPlan(catalog.value, customer.planId);
      if (!plan.entitlements.apiAccess || plan.apiRequestsPerMinute === null) {
        const plans = catalog.value.plans.filter((p) => p.entitlements.apiAccess).map((p) => p.id);
        return fail('not_entitled', `plan ${plan.id} does not include API access`, 'customer', { plans });
      }
      const rpm = input.requestsPerMinute ?? null;
      if (rpm !== null && (rpm < 1 || rpm > plan.apiRequestsPerMinute)) {
        return fail(
          'parameter_out_of_range',
          `requests_per_minute must be 1-${plan.apiRequestsPerMinute} on plan ${plan.id}`,
          'requests_per_minute',
          { max: plan.apiRequestsPerMinute },
        );
      }
      const key = generateKey(API_KEY_PREFIX);
      const row: ApiKeyRow = {
        tenantId,
        id: ctx.newId(),
        customerId: customer.id,
        keyHash: hashKey(key),
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        name: input.name ?? null,
        monthlyCreditCap: input.monthlyCreditCap ?? null,
        requestsPerMinute: rpm,
        createdAt: ctx.now(),
        revokedAt: null,
      };
      await tx.access.insertApiKey(row);
      shown = key;
      return ok({ apiKey: presentApiKey(row, plan.apiRequestsPerMinute), key: null });
    },
  );
  // The stored answer never holds the key: a replay answers the same key record without it.
  return created.ok ? ok({ ...created.value, key: shown }) : created;
}

/** Revokes a key; revoking it again answers the same record. */
export async function revokeApiKey(
  ctx: EngineContext,
  input: Mutation & { readonly keyId: string },
): Promise<Result<ApiKeyInfo>> {
  const invalid = validateId(input.keyId, 'id');
  if (!invalid.ok) return invalid;
  return runIdempotent(
    ctx,
    { ...input, operation: 'revoke_api_key', input: { keyId: input.keyId } },
    async (tx) => {
      if (!(await tx.access.revokeApiKey(input.tenantId, input.keyId, ctx.now()))) {
        return fail('not_found', `no API key ${input.keyId}`, 'id');
      }
      const catalog = await loadTenantCatalog(ctx, tx, input.tenantId);
      if (!catalog.ok) return catalog;
      const row = (await tx.access.getApiKey(input.tenantId, input.keyId)) as ApiKeyRow;
      const customer = await tx.customers.get(input.tenantId, row.customerId);
      const plan = findCustomerPlan(catalog.value, customer?.planId ?? '');
      return ok(presentApiKey(row, plan.apiRequestsPerMinute ?? 0));
    },
  );
}

const REFUSED = {
  valid: false,
  allowed: false,
  apiKey: null,
  creditCap: null,
  rateLimit: null,
  retryAfterSeconds: null,
};

/**
 * Checks a customer API key (an unknown one is `not_found`, like any id of another tenant) and counts the request against its per-minute window: which
 * customer it is, whether this request is allowed, and what is left under the cap and limit.
 */
export async function verifyApiKey(
  ctx: EngineContext,
  input: { readonly tenantId: string; readonly key: string },
): Promise<Result<ApiKeyVerdict>> {
  if (typeof input.key !== 'string' || input.key.length === 0 || input.key.length > 255) {
    return fail('invalid_request', 'key must be a non-empty string of at most 255 characters', 'key');
  }
  const hash = hashKey(input.key);
  return runUseCase(ctx, { tenantId: input.tenantId }, async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, input.tenantId);
    if (!catalog.ok) return catalog;
    const row = await tx.access.findApiKeyByHash(input.tenantId, hash);
    if (row === null) return fail('not_found', 'no such API key', 'key');
    const customer = await tx.customers.get(input.tenantId, row.customerId);
    const plan = findCustomerPlan(catalog.value, customer?.planId ?? '');
    const apiKey = presentApiKey(row, plan.apiRequestsPerMinute ?? 0);
    if (row.revokedAt !== null) return ok({ ...REFUSED, valid: false, reason: 'revoked' as const, apiKey });
    if (customer === null || !plan.entitlements.apiAccess || plan.apiRequestsPerMinute === null) {
      return ok({ ...REFUSED, valid: true, reason: 'not_entitled' as const, apiKey });
    }
    const now = ctx.now();
    const limit = apiKey.requestsPerMinute;
    // A sliding window: at most `limit` admitted in any 60 s, so no double burst at a minute's edge.
    const window = await tx.access.admitRequest(input.tenantId, row.id, {
      id: ctx.newId(),
      now,
      limit,
      windowMs: API_KEY_WINDOW_MS,
    });
    const rateLimit = {
      limit,
      remaining: Math.max(0, limit - window.count),
      resetsAt: window.oldestAt + API_KEY_WINDOW_MS,
    };
    // The same measure a hold made with the key is checked against: charged this month + held now.
    const creditCap: ApiKeyVerdict['creditCap'] =
      row.monthlyCreditCap === null
        ? null
        : await measureCreditCap(tx, input.tenantId, row.customerId, {
            cap: row.monthlyCreditCap,
            held: customer.held,
            now,
          });
    const base = { valid: true, apiKey, creditCap, rateLimit };
    if (!window.admitted) {
      const retry = Math.max(1, Math.ceil((rateLimit.resetsAt - now) / 1000));
      return ok({ ...base, allowed: false, reason: 'rate_limited' as const, retryAfterSeconds: retry });
    }
    if (creditCap !== null && creditCap.remaining === 0) {
      const retry = Math.max(1, Math.ceil((creditCap.resetsAt - now) / 1000));
      return ok({ ...base, allowed: false, reason: 'credit_cap_reached' as const, retryAfterSeconds: retry });
    }
    return ok({ ...base, allowed: true, reason: null, retryAfterSeconds: null });
  });
}

/** Who a customer API key is, for authenticating a request made with it: live keys only. */
export interface ApiKeyPrincipal {
  readonly tenantId: string;
  readonly keyId: string;
  readonly customerId: string;
}

/**
 * Finds the live customer API key a request presents, in whichever tenant it belongs to; null
 * for an unknown or revoked key. What the key may do is checked again inside each transaction.
 */
export async function findApiKeyPrincipal(ctx: EngineContext, key: string): Promise<ApiKeyPrincipal | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 255) return null;
  const row = await ctx.store.read((tx) => tx.access.findApiKeyByHashAnyTenant(hashKey(key)));
  if (row === null || row.revokedAt !== null) return null;
  return { tenantId: row.tenantId, keyId: row.id, customerId: row.customerId };
}
