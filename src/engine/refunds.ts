/**
 * Refunds a charge, decided then applied: load (the charge, its customer settled, the lots that
 * paid it) → decide (`decideRefund` in domain/refunds.ts: how much, and where each share goes)
 * → apply (credit the live lots, open refund lots for the rest, take the burn off usage).
 */
import { dayKey } from '../domain/calendar.ts';
import { credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import { decideRefund, type PayingLot, type RefundDecision } from '../domain/refunds.ts';
import type { StoreTx } from '../store/store.ts';
import type { ChargeRow } from '../store/types.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { type CustomerState, creditExistingLot, creditNewLot, describeBalance } from './ledger.ts';
import { openCustomer } from './open-customer.ts';
import type { RefundInput, RefundResult } from './types.ts';
import { firstFailure, validateCredits, validateId, validateText } from './validate.ts';

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
    const fresh = (await tx.charges.get(input.tenantId, input.chargeId)) ?? charge;
    const now = ctx.now();
    const decided = decideRefund({
      charge: fresh,
      allocations: fresh.allocations,
      requested: input.credits,
      lots: await loadPayingLots(tx, opened.value, fresh),
      now,
      refundLotExpiryDays: catalog.value.refundLotExpiryDays,
      refundPriority: catalog.value.lotPriorities.refund,
    });
    if (!decided.ok) return decided;
    const lots = await applyRefund(ctx, tx, opened.value, fresh, decided.value, input.reason);
    return ok({
      chargeId: fresh.id,
      refunded: decided.value.amount,
      totalRefunded: credits(fresh.refunded + decided.value.amount),
      lots,
      balance: describeBalance(opened.value, now),
    });
  });
}

/** The lots that paid a charge, as they are now (from the loaded customer, else read). */
async function loadPayingLots(
  tx: StoreTx,
  state: CustomerState,
  charge: ChargeRow,
): Promise<Map<string, PayingLot>> {
  const ids = [...new Set(charge.allocations.map((a) => a.lotId))];
  const rows = await Promise.all(
    ids.map((id) => state.lots.find((l) => l.id === id) ?? tx.lots.get(charge.tenantId, id)),
  );
  return new Map(rows.flatMap((lot) => (lot === null ? [] : [[lot.id, lot] as const])));
}

/** Writes a decided refund; answers where each share went. */
async function applyRefund(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  charge: ChargeRow,
  decision: RefundDecision,
  reason: string | null | undefined,
): Promise<RefundResult['lots']> {
  if (!(await tx.charges.addRefunded(charge.tenantId, charge.id, decision.amount)))
    throw new Error('refund overshoots charge');
  const placed: { lotId: string; credits: typeof decision.amount; newLot: boolean }[] = [];
  for (const part of decision.parts) {
    if (part.into === 'lot') {
      if (!state.lots.some((l) => l.id === part.lotId)) {
        const lot = await tx.lots.get(charge.tenantId, part.lotId);
        if (lot !== null) state.lots.push(lot);
      }
      await creditExistingLot(
        ctx,
        tx,
        state,
        part.lotId,
        part.credits,
        SystemAccount.refunded,
        'refund',
        charge.id,
      );
      placed.push({ lotId: part.lotId, credits: part.credits, newLot: false });
      continue;
    }
    const { lot } = await creditNewLot(
      ctx,
      tx,
      state,
      {
        source: 'refund',
        amount: part.credits,
        priority: part.priority,
        expiresAt: part.expiresAt,
        costBasisMicros: 0,
        reason: reason ?? `refund of charge ${charge.id}`,
        ref: charge.id,
      },
      SystemAccount.refunded,
      'refund',
    );
    placed.push({ lotId: lot.id, credits: part.credits, newLot: true });
  }
  await tx.usage.insertDelta({
    tenantId: charge.tenantId,
    id: ctx.newId(),
    day: dayKey(charge.createdAt),
    modelId: charge.modelId,
    category: '',
    generations: 0,
    credits: -decision.amount,
    providerCostMicros: 0,
    unknownCostGenerations: 0,
  });
  return placed;
}
