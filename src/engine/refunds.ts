/**
 * Refunds: credits of a charge go back into the lots they came from, last
 * drawn first; a lot that has expired since gets them back as a new `refund` lot expiring
 * after the catalog's `refundLotExpiryDays`, so a refund never revives dead credits for long.
 */
import { DAY_MS, dayKey } from '../domain/calendar.ts';
import { type Credits, credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import { type Allocation, isLotLive } from '../domain/lots.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { creditExistingLot, creditNewLot, describeBalance, openCustomer } from './ledger.ts';
import type { RefundInput, RefundResult } from './types.ts';
import { firstFailure, validateCredits, validateId, validateText } from './validate.ts';

/** Splits a refund over a charge's allocations, last drawn first, skipping what was refunded. */
export function planRefund(
  allocations: readonly Allocation[],
  alreadyRefunded: number,
  amount: number,
): Allocation[] {
  const out: Allocation[] = [];
  let skip = alreadyRefunded;
  let left = amount;
  for (const a of [...allocations].reverse()) {
    const free = Math.max(0, a.credits - skip);
    skip = Math.max(0, skip - a.credits);
    const take = Math.min(free, left);
    if (take > 0) out.push({ lotId: a.lotId, credits: credits(take) });
    left -= take;
    if (left === 0) break;
  }
  return out;
}

/** Refunds all or part of a charge into the lots that paid it. */
export async function refundCharge(ctx: EngineContext, input: RefundInput): Promise<Result<RefundResult>> {
  const invalid = firstFailure(
    validateId(input.chargeId, 'charge'),
    input.credits === undefined ? ok(0) : validateCredits(input.credits, 'credits'),
    validateText(input.reason, 'reason'),
  );
  if (invalid !== null) return invalid;
  const call = { chargeId: input.chargeId, credits: input.credits, reason: input.reason };
  return runIdempotent(ctx, { ...input, operation: 'refund', input: call }, async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, input.tenantId);
    if (!catalog.ok) return catalog;
    const charge = await tx.charges.get(input.tenantId, input.chargeId);
    if (charge === null) return fail('not_found', `no charge ${input.chargeId}`, 'charge');
    const opened = await openCustomer(ctx, tx, input.tenantId, charge.customerId, catalog.value);
    if (!opened.ok) return opened;
    const state = opened.value;
    const fresh = (await tx.charges.get(input.tenantId, input.chargeId)) ?? charge;
    const refundable = fresh.credits - fresh.refunded;
    const amount = input.credits ?? refundable;
    if (amount <= 0 || amount > refundable) {
      return fail(
        'charge_not_refundable',
        `charge ${fresh.id} has ${refundable} credits left to refund`,
        'credits',
        {
          refundable,
        },
      );
    }
    if (!(await tx.charges.addRefunded(input.tenantId, fresh.id, amount)))
      throw new Error('refund overshoots charge');
    const now = ctx.now();
    const placed: { lotId: string; credits: Credits; newLot: boolean }[] = [];
    for (const part of planRefund(fresh.allocations, fresh.refunded, amount)) {
      const lot =
        state.lots.find((l) => l.id === part.lotId) ?? (await tx.lots.get(input.tenantId, part.lotId));
      if (lot !== null && isLotLive(lot, now)) {
        await creditExistingLot(
          ctx,
          tx,
          state,
          lot.id,
          part.credits,
          SystemAccount.refunded,
          'refund',
          fresh.id,
        );
        if (!state.lots.some((l) => l.id === lot.id))
          state.lots.push({ ...lot, remaining: credits(lot.remaining + part.credits) });
        placed.push({ lotId: lot.id, credits: part.credits, newLot: false });
        continue;
      }
      const { lot: created } = await creditNewLot(
        ctx,
        tx,
        state,
        {
          source: 'refund',
          amount: part.credits,
          priority: lot?.priority ?? catalog.value.lotPriorities.refund,
          expiresAt: now + catalog.value.refundLotExpiryDays * DAY_MS,
          costBasisMicros: 0,
          reason: input.reason ?? `refund of charge ${fresh.id}`,
          ref: fresh.id,
        },
        SystemAccount.refunded,
        'refund',
      );
      placed.push({ lotId: created.id, credits: part.credits, newLot: true });
    }
    await tx.usage.insertDelta({
      tenantId: input.tenantId,
      id: ctx.newId(),
      day: dayKey(fresh.createdAt),
      modelId: fresh.modelId,
      category: '',
      generations: 0,
      credits: -amount,
      providerCostMicros: 0,
      unknownCostGenerations: 0,
    });
    return ok({
      chargeId: fresh.id,
      refunded: credits(amount),
      totalRefunded: credits(fresh.refunded + amount),
      lots: placed,
      balance: describeBalance(state, now),
    });
  });
}
