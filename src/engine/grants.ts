/**
 * Granting and taking credits outside generations: grant a lot (packs, plan allowance,
 * promotions), admin adjustments (signed), and clawbacks of a purchase's unspent credits
 * after a refund or dispute. Each is one transaction with its journal entries.
 */
import type { Catalog, LotSource } from '../domain/catalog.ts';
import { credits, exceedsMaxBalance, MAX_BALANCE } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { computeSpendable } from '../domain/holds.ts';
import { findIssuerAccount, SystemAccount, type TransactionKind } from '../domain/journal.ts';
import { type Allocation, isLotLive } from '../domain/lots.ts';
import type { StoreTx } from '../store/store.ts';
import type { LotRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { type CustomerState, creditNewLot, debitAllocations, debitLots, describeBalance } from './ledger.ts';
import { presentLot } from './present.ts';
import { grantReferral } from './rewards.ts';
import { openTenantCustomer } from './tenant-customer.ts';
import type {
  AdjustInput,
  AdjustResult,
  ClawbackInput,
  ClawbackResult,
  GrantInput,
  GrantResult,
} from './types.ts';
import {
  firstFailure,
  validateCount,
  validateCredits,
  validateId,
  validateText,
  validateTime,
} from './validate.ts';

const SOURCES: readonly string[] = ['plan', 'purchase', 'promotional', 'adjustment', 'refund'];

/** Whether a string is a lot source callers may grant. */
function isGrantableSource(source: unknown, catalog: Catalog | null): source is LotSource {
  if (typeof source !== 'string') return false;
  if (SOURCES.includes(source)) return true;
  const kind = source.startsWith('reward:') ? source.slice('reward:'.length) : null;
  return (
    kind !== null &&
    (catalog === null || ['welcome', 'email_verified', 'social_share', 'referral', 'daily'].includes(kind))
  );
}

/** The catalog's default priority for a lot source. */
export function findSourcePriority(catalog: Catalog, source: LotSource): number {
  const p = catalog.lotPriorities;
  if (source.startsWith('reward:')) return p.reward;
  return p[source as keyof typeof p] ?? p.promotional;
}

/** Grants a lot to a customer. */
export async function grantLot(ctx: EngineContext, input: GrantInput): Promise<Result<GrantResult>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    validateCredits(input.credits, 'credits'),
    isGrantableSource(input.source, null)
      ? ok(true)
      : fail('invalid_request', 'unknown lot source', 'source'),
    input.expiresAt === undefined || input.expiresAt === null
      ? ok(0)
      : validateTime(input.expiresAt, 'expires_at'),
    input.priority === undefined ? ok(0) : validateCount(input.priority, 'priority'),
    input.costBasisMicros === undefined ? ok(0) : validateCount(input.costBasisMicros, 'cost_basis_micros'),
    validateText(input.reason, 'reason'),
    validateText(input.ref, 'ref'),
  );
  if (invalid !== null) return invalid;
  const { idempotencyKey: _key, tenantId: _tenant, ...call } = input;
  return runIdempotent(
    ctx,
    { ...input, operation: 'grant', input: call, customerIds: [input.customerId] },
    async (tx) => {
      // Checked inside the idempotent block: a retry after the instant passed answers the first answer.
      if (input.expiresAt !== undefined && input.expiresAt !== null && input.expiresAt <= ctx.now()) {
        return fail('invalid_request', 'expires_at must be in the future', 'expires_at');
      }
      const opened = await openTenantCustomer(ctx, tx, input.tenantId, input.customerId);
      if (!opened.ok) return opened;
      const { catalog, state } = opened.value;
      const overflow = refuseOverflow(state, input.credits);
      if (overflow !== null) return overflow;
      const { lot, repaid } = await creditNewLot(
        ctx,
        tx,
        state,
        {
          source: input.source,
          amount: credits(input.credits),
          priority: input.priority ?? findSourcePriority(catalog, input.source),
          expiresAt: input.expiresAt ?? null,
          costBasisMicros: input.costBasisMicros ?? 0,
          reason: input.reason ?? null,
          ref: input.ref ?? null,
        },
        findIssuerAccount(input.source),
        'grant',
      );
      if (input.source === 'purchase') await grantReferral(ctx, tx, state, catalog, false);
      return ok({ lot: presentLot(lot), balance: describeBalance(state, ctx.now()), repaid });
    },
  );
}

/** The 422 for credits that would take a balance past 2^53 − 1, or null when they fit. */
function refuseOverflow(state: CustomerState, amount: number) {
  if (!exceedsMaxBalance(state.customer.balance, amount)) return null;
  return fail(
    'parameter_out_of_range',
    `credits would take the balance of ${state.customer.id} past ${MAX_BALANCE} (2^53 − 1), the largest the ledger keeps exact`,
    'credits',
    { balance: state.customer.balance, maxBalance: MAX_BALANCE },
  );
}

/** An operator's correction: positive adds an adjustment lot, negative takes from lots in order. */
export async function adjustBalance(ctx: EngineContext, input: AdjustInput): Promise<Result<AdjustResult>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    validateCredits(input.credits, 'credits', true),
    validateId(input.reason, 'reason'),
  );
  if (invalid !== null) return invalid;
  const call = { customerId: input.customerId, credits: input.credits, reason: input.reason };
  return runIdempotent(
    ctx,
    { ...input, operation: 'adjust', input: call, customerIds: [input.customerId] },
    async (tx) => {
      const opened = await openTenantCustomer(ctx, tx, input.tenantId, input.customerId);
      if (!opened.ok) return opened;
      const { catalog, state } = opened.value;
      const now = ctx.now();
      if (input.credits > 0) {
        const overflow = refuseOverflow(state, input.credits);
        if (overflow !== null) return overflow;
        const { lot } = await creditNewLot(
          ctx,
          tx,
          state,
          {
            source: 'adjustment',
            amount: credits(input.credits),
            priority: catalog.lotPriorities.adjustment,
            expiresAt: null,
            costBasisMicros: 0,
            reason: input.reason,
            ref: null,
          },
          SystemAccount.adjustment,
          'adjustment',
        );
        return ok({
          transactionId: lot.id,
          credits: credits(input.credits),
          lots: [{ lotId: lot.id, credits: credits(input.credits) }],
          balance: describeBalance(state, now),
        });
      }
      const take = credits(-input.credits);
      const figures = describeBalance(state, now);
      if (take > computeSpendable(figures)) {
        return fail(
          'insufficient_credits',
          `cannot take ${take} credits, ${figures.available} available`,
          'credits',
          {
            required: take,
            available: figures.available,
          },
        );
      }
      const debit = await debitLots(
        ctx,
        tx,
        state,
        take,
        'adjustment',
        SystemAccount.adjustment,
        input.reason,
      );
      return ok({
        transactionId: debit.transactionId ?? '',
        credits: credits(input.credits),
        lots: debit.allocations,
        balance: describeBalance(state, now),
      });
    },
  );
}

/**
 * Takes back the unspent credits of the lots granted with `ref` (a refunded or disputed
 * purchase), as far as they are not reserved by active holds, and optionally flags the customer.
 */
export async function clawbackLots(
  ctx: EngineContext,
  input: ClawbackInput,
): Promise<Result<ClawbackResult>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    validateId(input.ref, 'ref'),
    validateId(input.reason, 'reason'),
  );
  if (invalid !== null) return invalid;
  const call = {
    customerId: input.customerId,
    ref: input.ref,
    reason: input.reason,
    flag: input.flag ?? false,
  };
  return runIdempotent(
    ctx,
    { ...input, operation: 'clawback', input: call, customerIds: [input.customerId] },
    async (tx) => {
      const opened = await openTenantCustomer(ctx, tx, input.tenantId, input.customerId);
      if (!opened.ok) return opened;
      const { state } = opened.value;
      const allocations = await takeBackLots(ctx, tx, state, input.ref, (lot) => lot.ref === input.ref);
      if (input.flag === true) await tx.customers.setFlagged(input.tenantId, input.customerId, true);
      const total = allocations.reduce((s, a) => s + a.credits, 0);
      return ok({
        clawedBack: credits(total),
        lots: allocations,
        balance: describeBalance(state, ctx.now()),
      });
    },
  );
}

/**
 * Inside a write, on a locked customer: moves the unspent credits of the live lots `pick`
 * selects into the clawback account (or `movement.to`, e.g. `expired` when a subscription
 * ends), at most `limit` and never credits active holds reserve, as one journal transaction
 * with `ref`. Answers what each lot gave.
 */
export async function takeBackLots(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  ref: string,
  pick: (lot: LotRow) => boolean,
  limit = Number.POSITIVE_INFINITY,
  movement: { kind: TransactionKind; to: SystemAccount } = { kind: 'clawback', to: SystemAccount.clawback },
): Promise<Allocation[]> {
  const now = ctx.now();
  let room = Math.min(limit, Math.max(0, describeBalance(state, now).available));
  const allocations: Allocation[] = [];
  for (const lot of state.lots) {
    if (!pick(lot) || lot.remaining <= 0 || !isLotLive(lot, now) || room <= 0) continue;
    const amount = Math.min(lot.remaining, room);
    allocations.push({ lotId: lot.id, credits: credits(amount) });
    room -= amount;
  }
  if (allocations.length > 0) {
    await debitAllocations(ctx, tx, state, allocations, movement.kind, movement.to, ref);
  }
  return allocations;
}
