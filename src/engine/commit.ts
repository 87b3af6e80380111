/**
 * Commit and one-step charge. A commit prices the actual usage at the
 * catalog version the hold was quoted at, charges at most the hold (unless the tenant
 * allows overage within available credits), draws it from lots in order, and records the
 * charge, a usage event and the daily rollup in the same transaction.
 */

import { discountActualUsage, readHeldBatchDiscount } from '../domain/batch.ts';
import { dayKey } from '../domain/calendar.ts';
import type { Catalog } from '../domain/catalog.ts';
import { decideCommitCharge } from '../domain/commit-charge.ts';
import { credits, micros } from '../domain/credits.ts';
import { describeEntitlements } from '../domain/entitlements.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import { type GenerationParams, type Quote, quoteGeneration } from '../domain/pricing.ts';
import { deferWrites } from '../store/deferred-writes.ts';
import type { StoreTx } from '../store/store.ts';
import type { HoldRow } from '../store/types.ts';
import { admitKeyRequest, readCapStanding } from './api-key-gate.ts';
import type { EngineContext } from './context.ts';
import { keyedBy, openHold, placeHold, validateHoldRequest } from './holds.ts';
import { runIdempotent } from './idempotency.ts';
import { applyDebit, type CustomerState, describeBalance, endCommittedHold, planDebit } from './ledger.ts';
import { findCustomerPlan } from './quotas.ts';
import { askedAlternatives, suggestForCustomer } from './suggestions.ts';
import { openGeneration } from './tenant-customer.ts';
import type { ChargeInput, CommitInput, Receipt } from './types.ts';
import { firstFailure, validateId } from './validate.ts';
import { fireWarnings } from './warnings.ts';

function validateUsage(usage: unknown): Result<never> | null {
  if (usage === undefined) return null;
  if (typeof usage !== 'object' || usage === null || Array.isArray(usage)) {
    return fail('invalid_request', 'usage must be an object', 'usage');
  }
  return null;
}

/** Charges an active hold on a locked customer and answers the receipt. */
export async function settleHold(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  holdCatalog: Catalog,
  hold: HoldRow,
  usage: GenerationParams | undefined,
  maxAlternatives?: number,
  /**
   * `final: false` (a partial capture, issue 17 item 2) charges the usage so far and keeps the
   * rest held: the hold's credits shrink by what was charged (at most what is left held).
   */
  options: { readonly final?: boolean } = {},
): Promise<Result<Receipt>> {
  const now = ctx.now();
  const final = options.final !== false;
  const capturedBefore = hold.captured ?? 0;
  if (!ctx.unsafe.skipHoldStatusCheck && hold.status !== 'active') {
    return fail('hold_not_active', `hold ${hold.id} is ${hold.status}`, 'hold', { status: hold.status });
  }
  // After partial captures, a commit without usage charges what is left held.
  let actual: Quote =
    capturedBefore > 0
      ? { ...(hold.quote as unknown as Quote), credits: hold.credits }
      : (hold.quote as unknown as Quote);
  if (usage !== undefined) {
    const priced = quoteGeneration(holdCatalog, hold.modelId, { ...hold.params, ...usage }, ctx.pricing);
    if (!priced.ok)
      return fail(
        priced.error.code,
        priced.error.message,
        `usage.${priced.error.param ?? ''}`.replace(/\.params\./, '.'),
      );
    actual = priced.value;
    const batchDiscount = readHeldBatchDiscount(hold.quote);
    if (batchDiscount !== null) {
      // The item's share is of what the hold reserved when placed (before any capture).
      const placedCredits = credits(hold.credits + capturedBefore);
      actual = { ...actual, credits: discountActualUsage(actual.credits, placedCredits, batchDiscount) };
    }
  }
  // A child of a budget (issue 17 item 3) charges within its parent's budget left.
  const parentId = hold.parentHoldId ?? null;
  const parent = parentId === null ? null : await tx.holds.get(state.tenantId, parentId);
  // A parent with open children cannot end, even when a partial capture left them nothing to reserve.
  const hadChildren = (hold.childrenHeld ?? 0) > 0 || (hold.childrenCharged ?? 0) > 0;
  const open = final && hadChildren ? await tx.holds.listActiveChildren(state.tenantId, hold.id) : [];
  if (open.length > 0) {
    return fail(
      'invalid_request',
      `hold ${hold.id} has ${open.length} open child holds reserving ${hold.childrenHeld} credits; commit or void them first`,
      'hold',
      { children_held: hold.childrenHeld, open_children: open.length },
    );
  }
  const decided = decideCommitCharge({
    held: hold.credits,
    actual: actual.credits,
    allowOverage: holdCatalog.allowOverage,
    final,
    figures: {
      balance: describeBalance(state, now).balance,
      held: credits(state.held),
      overdraftLimit: state.customer.overdraftLimit,
    },
    parent:
      parent === null
        ? null
        : { id: parent.id, left: parent.status === 'active' ? parent.credits : credits(0) },
    cap:
      parent === null && actual.credits > hold.credits ? await readCapStanding(ctx, tx, state, hold) : null,
  });
  if (!decided.ok) return decided;
  const { charged, released, heldDelta, parentMove } = decided.value;
  const chargeId = ctx.newId();
  const allocations = await planDebit(ctx, tx, state, charged);
  // Unknown is kept apart from 0: the charge row stores the known part, usage counts the unknown.
  const cost = micros(actual.providerCostMicros ?? 0);
  // A generation is counted once, by the first charge taken from its hold.
  const generations = capturedBefore > 0 ? 0 : actual.count;
  const unknownCostGenerations = actual.providerCostMicros === null ? generations : 0;
  const active = hold.status === 'active';
  // The hold was read under its customer's lock and is active (unless a test switched that
  // check off), so ending it cannot fail: its release from held goes into the debit's customer
  // update, and every write of the commit is sent at once and not waited for here: the state
  // already says what they do, and they go out with the idempotency record (one round trip on
  // PostgreSQL). A guard that fails throws when the transaction settles them.
  const written = Promise.all([
    final
      ? endCommittedHold(ctx, tx, state, hold, chargeId)
      : tx.holds.capture(state.tenantId, hold.id, released, charged),
    applyDebit(ctx, tx, state, allocations, 'usage', SystemAccount.usage, chargeId, active ? heldDelta : 0),
    parentMove === null || parent === null
      ? true
      : tx.holds.adjustBudget(state.tenantId, parent.id, parentMove),
    tx.charges.insert({
      tenantId: state.tenantId,
      id: chargeId,
      customerId: state.customer.id,
      holdId: hold.id,
      modelId: hold.modelId,
      credits: charged,
      refunded: credits(0),
      allocations,
      providerCostMicros: cost,
      catalogVersion: hold.catalogVersion,
      createdAt: now,
    }),
    tx.usage.insertEvent({
      tenantId: state.tenantId,
      id: ctx.newId(),
      customerId: state.customer.id,
      holdId: hold.id,
      chargeId,
      modelId: hold.modelId,
      category: actual.category,
      units: { ...actual.units, count: generations },
      credits: charged,
      providerCostMicros: cost,
      unknownCostGenerations,
      createdAt: now,
    }),
    tx.usage.insertDelta({
      tenantId: state.tenantId,
      id: ctx.newId(),
      day: dayKey(now),
      modelId: hold.modelId,
      category: actual.category,
      generations,
      credits: charged,
      providerCostMicros: cost,
      unknownCostGenerations,
    }),
  ]).then(([ended, , budgeted]) => {
    if (ended !== active || budgeted !== true)
      throw new Error(`hold ${hold.id} or its parent changed under its customer's lock`);
  });
  deferWrites(tx, written);
  // endCommittedHold (final) lowered state.held by the hold's credits; the rest of the change is here.
  state.held += final ? heldDelta + released : heldDelta;
  const plan = findCustomerPlan(catalog, state.customer.planId);
  const suggestions = await suggestForCustomer(
    ctx,
    tx,
    { tenantId: state.tenantId, customerId: state.customer.id, plan },
    catalog,
    { modelId: hold.modelId, params: hold.params as GenerationParams },
    maxAlternatives === undefined ? {} : { max: maxAlternatives },
  );
  return ok({
    chargeId,
    holdId: hold.id,
    customerId: state.customer.id,
    modelId: hold.modelId,
    creditsCharged: charged,
    creditsHeld: hold.credits,
    lots: allocations,
    providerCostMicros: actual.providerCostMicros === null ? null : cost,
    balance: describeBalance(state, now),
    warnings: await fireWarnings(ctx, tx, state, catalog, plan, charged + heldDelta),
    suggestions,
    catalogVersion: hold.catalogVersion,
    entitlements: hold.entitlements ?? describeEntitlements(plan),
  });
}

/** Charges the actual usage of a held generation and answers the receipt. */
export async function commitHold(ctx: EngineContext, input: CommitInput): Promise<Result<Receipt>> {
  const invalid = firstFailure(validateId(input.holdId, 'hold')) ?? validateUsage(input.usage);
  if (invalid !== null) return invalid;
  const call = { holdId: input.holdId, usage: input.usage, ...keyedBy(input.apiKeyId) };
  return runIdempotent(
    ctx,
    { ...input, operation: 'commit', input: call, holdId: input.holdId },
    async (tx) => {
      const opened = await openHold(ctx, tx, input.tenantId, input.holdId, input.apiKeyId);
      if (!opened.ok) return opened;
      const { catalog, holdCatalog, state, hold } = opened.value;
      return settleHold(ctx, tx, state, catalog, holdCatalog, hold, input.usage);
    },
  );
}

/** Authorize and commit in one step, for instant work. */
export async function chargeGeneration(ctx: EngineContext, input: ChargeInput): Promise<Result<Receipt>> {
  const invalid = validateHoldRequest(input) ?? validateUsage(input.usage);
  if (invalid !== null) return invalid;
  const { tenantId, customerId, modelId, params } = input;
  const call = {
    customerId,
    modelId,
    params,
    usage: input.usage,
    ...keyedBy(input.apiKeyId),
    ...askedAlternatives(input.maxAlternatives),
  };
  return runIdempotent(
    ctx,
    { ...input, operation: 'charge', input: call, customerIds: [customerId] },
    async (tx) => {
      const opened = await openGeneration(ctx, tx, { tenantId, customerId, modelId, params });
      if (!opened.ok) return opened;
      const { catalog, quote, state } = opened.value;
      if (input.apiKeyId !== undefined) {
        const admitted = await admitKeyRequest(ctx, tx, state, catalog, input.apiKeyId, quote.credits);
        if (!admitted.ok) return admitted;
      }
      const placed = await placeHold(ctx, tx, state, catalog, quote, params, catalog.holdTtlSeconds, {
        apiKeyId: input.apiKeyId ?? null,
        ...askedAlternatives(input.maxAlternatives),
      });
      if (!placed.ok) return placed;
      const { hold } = placed.value;
      const receipt = await settleHold(
        ctx,
        tx,
        state,
        catalog,
        catalog,
        hold,
        input.usage,
        input.maxAlternatives,
      );
      if (!receipt.ok) return receipt;
      return ok({ ...receipt.value, warnings: [...placed.value.warnings, ...receipt.value.warnings] });
    },
  );
}
