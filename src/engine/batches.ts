/**
 * Bulk operations: authorize a batch of generations all or nothing, priced
 * with the plan's volume discount. Each item becomes its own hold (committed or voided on
 * its own); the discount is spread over the items' holds so they sum to the batch total.
 */

import type { HeldBatchDiscount } from '../domain/batch.ts';
import { type Credits, credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { type BatchItem, type BatchQuote, type Quote, quoteBatch } from '../domain/pricing.ts';
import type { Warning } from '../domain/warnings.ts';
import { admitKeyRequest } from './api-key-gate.ts';
import type { EngineContext } from './context.ts';
import { placeHold } from './holds.ts';
import { runIdempotent } from './idempotency.ts';
import { describeBalance } from './ledger.ts';
import { presentHold } from './present.ts';
import { findCustomerPlan } from './quotas.ts';
import { openTenantCustomer } from './tenant-customer.ts';
import type { BalanceInfo, HoldInfo, KeyScoped, Mutation } from './types.ts';
import { validateId } from './validate.ts';

export interface AuthorizeBatchInput extends Mutation, KeyScoped {
  readonly customerId: string;
  readonly items: readonly BatchItem[];
  readonly ttlSeconds?: number;
}

export interface BatchResult {
  readonly quote: BatchQuote;
  readonly holds: readonly HoldInfo[];
  readonly balance: BalanceInfo;
  readonly warnings: readonly Warning[];
}

/** Splits `total` over items in proportion to their credits (largest remainder), summing exactly. */
export function spreadTotal(itemCredits: readonly number[], total: number): Credits[] {
  const subtotal = itemCredits.reduce((s, c) => s + c, 0);
  if (subtotal === 0) return itemCredits.map(() => credits(0));
  const exact = itemCredits.map((c) => (c * total) / subtotal);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((s, c) => s + c, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left -= 1;
  }
  return shares.map((s) => credits(s));
}

/** Places one hold per item, all in one transaction, or none with the first refusal. */
export async function authorizeBatch(
  ctx: EngineContext,
  input: AuthorizeBatchInput,
): Promise<Result<BatchResult>> {
  const invalid = validateId(input.customerId, 'customer');
  if (!invalid.ok) return invalid;
  const { idempotencyKey: _k, tenantId, ...call } = input;
  return runIdempotent(
    ctx,
    { ...input, operation: 'authorize_batch', input: call, customerIds: [input.customerId] },
    async (tx) => {
      const opened = await openTenantCustomer(ctx, tx, tenantId, input.customerId);
      if (!opened.ok) return opened;
      const { catalog, state } = opened.value;
      const plan = findCustomerPlan(catalog, state.customer.planId);
      if (!plan.entitlements.bulkOperations) {
        const plans = catalog.plans.filter((p) => p.entitlements.bulkOperations).map((p) => p.id);
        return fail('not_entitled', `plan ${plan.id} does not include bulk operations`, 'items', { plans });
      }
      const priced = quoteBatch(catalog, plan, input.items, ctx.pricing);
      if (!priced.ok) return priced;
      if (input.apiKeyId !== undefined) {
        const admitted = await admitKeyRequest(ctx, tx, state, catalog, input.apiKeyId, priced.value.total);
        if (!admitted.ok) return admitted;
      }
      const shares = spreadTotal(
        priced.value.items.map((q) => q.credits),
        priced.value.total,
      );
      const holds: HoldInfo[] = [];
      const warnings: Warning[] = [];
      for (const [index, quote] of priced.value.items.entries()) {
        // The hold keeps the discount, so a commit of other usage is discounted too.
        const batchDiscount: HeldBatchDiscount = {
          pct: priced.value.discountPct,
          listCredits: quote.credits,
        };
        const share = { ...quote, credits: shares[index] ?? credits(0), batchDiscount } as Quote;
        const item = input.items[index] as BatchItem;
        const placed = await placeHold(
          ctx,
          tx,
          state,
          catalog,
          share,
          item.params,
          input.ttlSeconds ?? catalog.holdTtlSeconds,
          { apiKeyId: input.apiKeyId ?? null },
        );
        if (!placed.ok) {
          const { code, message, param, details } = placed.error;
          return fail(code, `items[${index}]: ${message}`, `items[${index}].${param ?? 'model'}`, details);
        }
        holds.push(presentHold(placed.value.hold));
        warnings.push(...placed.value.warnings);
      }
      return ok({ quote: priced.value, holds, balance: describeBalance(state, ctx.now()), warnings });
    },
  );
}
