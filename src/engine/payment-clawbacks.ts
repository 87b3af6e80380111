/**
 * Refunds and disputes (`claw_back`): take back the refunded share of the lot the payment
 * granted (`decideClawBack` in domain/clawbacks.ts), never more than the lot's unspent credits
 * (nor credits active holds reserve); journal it to the clawback account and flag the customer.
 *
 * A claw-back whose grant has not arrived is stored as deferred; the grant applies it, so a
 * refund delivered before its purchase ends in the same state. Grants and claw-backs of one
 * payment serialize on its `payment_refs` row (`lockRef`), so neither can miss the other.
 */
import { decideClawBack } from '../domain/clawbacks.ts';
import { credits } from '../domain/credits.ts';
import { ok } from '../domain/errors.ts';
import type { ClawBack, CloseDispute, HoldDispute } from '../payments/commands.ts';
import { paymentObjectKey } from '../payments/ledger-port.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { takeBackLots } from './grants.ts';
import type { CustomerState } from './ledger.ts';
import { applyDisputeToLot } from './payment-disputes.ts';
import { openPaymentLot, type PaymentStep, type PaymentTx } from './payment-steps.ts';

/** Applies a claw-back now, or defers it until its grant arrives. */
export async function applyClawBack(
  ctx: EngineContext,
  ptx: PaymentTx,
  command: ClawBack,
): Promise<PaymentStep> {
  const opened = await openPaymentLot(ctx, ptx, command);
  if ('answer' in opened) return opened.answer;
  const { state, lotId, clawedBack } = opened.lot;
  const taken = await clawBackLot(ctx, ptx.tx, state, lotId, command, clawedBack);
  return ok({ status: 'applied', kind: 'claw_back', lotId, creditsDelta: credits(taken === 0 ? 0 : -taken) });
}

/**
 * Called by a grant (purchase or plan period) right after it created the lot for
 * `paymentRef`, with `lockRef` held: applies the claw-backs and disputes that were waiting for
 * it, in arrival order. Answers the credits they took (net of a dispute won).
 */
export async function applyDeferredClawBacks(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  paymentRef: string,
  lotId: string,
): Promise<number> {
  const waiting = await tx.payments.takeDeferred(state.tenantId, paymentRef, ctx.now());
  let total = 0;
  for (const text of waiting) {
    const command = JSON.parse(text) as ClawBack | HoldDispute | CloseDispute;
    const { clawedBack } = await tx.payments.lockRef(state.tenantId, paymentRef, ctx.now());
    if (command.kind === 'claw_back') total += await clawBackLot(ctx, tx, state, lotId, command, clawedBack);
    else {
      const outcome = await applyDisputeToLot(ctx, tx, state, lotId, command, clawedBack);
      if (outcome.status === 'applied') total -= outcome.creditsDelta ?? 0;
    }
    const key = paymentObjectKey(command);
    if (key !== null) await tx.payments.claimObject(state.tenantId, key, command.eventId, ctx.now());
  }
  return total;
}

/**
 * Takes the cumulative refunded share of the payment's lot (sized on the lot `lotId` first
 * granted), minus `alreadyTaken`, from the unspent credits of the lots carrying the payment's
 * ref (the grant, and any plan rollover of it); flags the customer.
 */
async function clawBackLot(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  lotId: string,
  command: ClawBack,
  alreadyTaken: number,
): Promise<number> {
  const lot = await tx.lots.get(state.tenantId, lotId);
  if (lot === null) throw new Error(`lot ${lotId} vanished`);
  const wanted = decideClawBack({
    granted: lot.amount,
    reversedCents: command.reversedCents,
    amountCents: command.amountCents,
    alreadyTaken,
  });
  const allocations =
    wanted === 0
      ? []
      : await takeBackLots(
          ctx,
          tx,
          state,
          command.paymentRef,
          (l) => l.ref === command.paymentRef && (l.source === 'purchase' || l.source === 'plan'),
          wanted,
        );
  const taken = allocations.reduce((sum, a) => sum + a.credits, 0);
  if (taken > 0) await tx.payments.addClawedBack(state.tenantId, command.paymentRef, taken);
  if (!state.customer.flagged) {
    await tx.customers.setFlagged(state.tenantId, state.customer.id, true);
    state.customer = { ...state.customer, flagged: true };
  }
  return taken;
}
