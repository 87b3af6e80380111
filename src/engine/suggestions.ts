/**
 * Suggestions (issue 12 item 7): cheaper models of the same category, free first.
 * With a customer known, free models are left out once their free-generation quota cannot take
 * the request, and an `insufficient_credits` refusal keeps only what they can afford now. A
 * request may ask for 0-10 (`max_alternatives`), 3 by default.
 */
import type { Catalog, Plan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import {
  type Alternative,
  DEFAULT_ALTERNATIVES,
  type GenerationParams,
  listAlternatives,
  MAX_ALTERNATIVES,
  pickAlternatives,
} from '../domain/pricing.ts';
import { createQuotaState, describeQuota, FREE_QUOTA_KEY, findQuotaLimit } from '../domain/quota.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';

/** Checks a request's `max_alternatives`: absent, or an integer 0-10. */
export function validateMaxAlternatives(value: unknown): Result<true> {
  if (value === undefined) return ok(true);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_ALTERNATIVES
    ? ok(true)
    : fail(
        'invalid_request',
        `max_alternatives must be an integer 0-${MAX_ALTERNATIVES}`,
        'max_alternatives',
      );
}

/** The request's words for how many it asked for: nothing (the default), or `{ maxAlternatives }`. */
export function askedAlternatives(max: number | undefined): { maxAlternatives?: number } {
  return max === undefined ? {} : { maxAlternatives: max };
}

/** Suggestions without a customer: cheaper models, free first, at most `max`. */
export function suggestAlternatives(
  ctx: EngineContext,
  catalog: Catalog,
  modelId: string,
  params: GenerationParams,
  max: number = DEFAULT_ALTERNATIVES,
): Alternative[] {
  const list = listAlternatives(catalog, modelId, params, ctx.pricing);
  return list.ok ? pickAlternatives(list.value, { max }) : [];
}

/** Free-model generations a customer has left this month under their plan; null = no limit. */
export async function countFreeGenerationsLeft(
  tx: StoreTx,
  customer: { readonly tenantId: string; readonly customerId: string },
  plan: Plan,
  now: number,
): Promise<number | null> {
  const limit = findQuotaLimit(plan, FREE_QUOTA_KEY);
  if (limit === null) return null;
  const rows = await tx.quotas.list(customer.tenantId, customer.customerId);
  const state = rows.find((r) => r.key === FREE_QUOTA_KEY) ?? createQuotaState(limit, now);
  return describeQuota(state, limit, now).remainingThisMonth;
}

/**
 * Suggestions for one customer: free models only while their free quota can take the request,
 * only what fits `spendable` credits when given, at most `max`.
 */
export async function suggestForCustomer(
  ctx: EngineContext,
  tx: StoreTx,
  customer: { readonly tenantId: string; readonly customerId: string; readonly plan: Plan },
  catalog: Catalog,
  request: { readonly modelId: string; readonly params: GenerationParams },
  limits: { readonly max?: number; readonly spendable?: number } = {},
): Promise<Alternative[]> {
  const list = listAlternatives(catalog, request.modelId, request.params, ctx.pricing);
  if (!list.ok) return [];
  // The quota is read only when a free model is among the candidates.
  const freeLeft = list.value.some((a) => a.free)
    ? await countFreeGenerationsLeft(tx, customer, customer.plan, ctx.now())
    : null;
  return pickAlternatives(list.value, {
    max: limits.max ?? DEFAULT_ALTERNATIVES,
    freeLeft,
    ...(limits.spendable === undefined ? {} : { spendable: limits.spendable }),
  });
}
