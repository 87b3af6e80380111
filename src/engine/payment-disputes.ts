/**
 * Disputes both ways (issue 17 item 4). `hold_dispute` moves the disputed purchase's unspent
 * credits out of the customer's lots into the `disputed` account: they stop being spendable
 * but are not clawed back, and the customer is flagged. `close_dispute` won puts each held
 * credit back into the lot it came from (a lot that expired meanwhile lets them expire) and
 * clears the flag unless another dispute of the customer is open or lost; lost moves them
 * from `disputed` to `clawback` and counts them as clawed back, so a later refund of the same
 * payment cannot take them twice.
 *
 * Like claw-backs, a dispute of a payment whose grant has not arrived waits for it (the
 * grant replays it through `applyDeferredDispute`), and every step runs with the payment's
 * `payment_refs` row locked.
 */
import { type Credits, credits } from '../domain/credits.ts';
import { ok } from '../domain/errors.ts';
import { buildSystemTransferTransaction, SystemAccount } from '../domain/journal.ts';
import { type Allocation, isLotLive } from '../domain/lots.ts';
import type { CloseDispute, HoldDispute } from '../payments/commands.ts';
import type { PaymentOutcome } from '../payments/ledger-port.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { takeBackLots } from './grants.ts';
import { appendJournal, type CustomerState, creditExistingLot } from './ledger.ts';
import { openPaymentLot, type PaymentStep, type PaymentTx } from './payment-steps.ts';

type DisputeCommand = HoldDispute | CloseDispute;

/** Applies a dispute opening or closing now, or defers it until its grant arrives. */
export async function applyDisputeCommand(
  ctx: EngineContext,
  ptx: PaymentTx,
  command: DisputeCommand,
): Promise<PaymentStep> {
  const opened = await openPaymentLot(ctx, ptx, command);
  if ('answer' in opened) return opened.answer;
  const { state, lotId, clawedBack } = opened.lot;
  return ok(await applyDisputeToLot(ctx, ptx.tx, state, lotId, command, clawedBack));
}

/**
 * Applies a dispute command on a locked customer whose payment `lotId` was granted, with the
 * payment's ref row locked (`alreadyClawedBack` is what earlier claw-backs of it took).
 */
export async function applyDisputeToLot(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  lotId: string,
  command: DisputeCommand,
  alreadyClawedBack: number,
): Promise<PaymentOutcome> {
  const existing = await tx.disputes.get(state.tenantId, command.disputeId);
  if (command.kind === 'hold_dispute') {
    if (existing !== null) {
      return { status: 'stale', reason: `dispute ${command.disputeId} is already ${existing.status}` };
    }
    const held = await holdBack(ctx, tx, state, lotId, command, alreadyClawedBack);
    return { status: 'applied', kind: command.kind, lotId, creditsDelta: credits(held === 0 ? 0 : -held) };
  }
  if (existing !== null && existing.status !== 'open') {
    return { status: 'stale', reason: `dispute ${command.disputeId} was already ${existing.status}` };
  }
  if (existing === null) {
    // Closed before Tollgate saw it open: nothing is held; a lost one takes back what is unspent now.
    const taken =
      command.outcome === 'lost'
        ? await clawBackUnspent(ctx, tx, state, lotId, command, alreadyClawedBack)
        : [];
    await recordDispute(ctx, tx, state, command, taken, command.outcome);
    await settleFlag(tx, state, command.outcome);
    const total = sumAllocations(taken);
    return { status: 'applied', kind: command.kind, lotId, creditsDelta: credits(total === 0 ? 0 : -total) };
  }
  await tx.disputes.close(state.tenantId, command.disputeId, command.outcome, ctx.now());
  if (command.outcome === 'lost') {
    await moveSystemCredits(ctx, tx, state, command, SystemAccount.clawback, 'clawback', existing.held);
    if (existing.held > 0) await tx.payments.addClawedBack(state.tenantId, command.paymentRef, existing.held);
    await settleFlag(tx, state, 'lost');
    return { status: 'applied', kind: command.kind, lotId, creditsDelta: credits(0) };
  }
  const returned = await giveBack(ctx, tx, state, command, existing.allocations);
  await settleFlag(tx, state, 'won');
  return { status: 'applied', kind: command.kind, lotId, creditsDelta: credits(returned) };
}

/** Moves the purchase's unspent credits (at most what refunds left of it) to `disputed`. */
async function holdBack(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  lotId: string,
  command: HoldDispute,
  alreadyClawedBack: number,
): Promise<number> {
  const lot = await tx.lots.get(state.tenantId, lotId);
  if (lot === null) throw new Error(`lot ${lotId} vanished`);
  const allocations = await takeBackLots(
    ctx,
    tx,
    state,
    disputeRef(command),
    (l) => l.ref === command.paymentRef && (l.source === 'purchase' || l.source === 'plan'),
    Math.max(0, lot.amount - alreadyClawedBack),
    { kind: 'dispute_hold', to: SystemAccount.disputed },
  );
  await recordDispute(ctx, tx, state, command, allocations, 'open');
  await settleFlag(tx, state, 'open');
  return sumAllocations(allocations);
}

/** A dispute lost before it was seen open: claws back the purchase's unspent credits now. */
async function clawBackUnspent(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  lotId: string,
  command: CloseDispute,
  alreadyClawedBack: number,
): Promise<Allocation[]> {
  const lot = await tx.lots.get(state.tenantId, lotId);
  if (lot === null) throw new Error(`lot ${lotId} vanished`);
  const taken = await takeBackLots(
    ctx,
    tx,
    state,
    disputeRef(command),
    (l) => l.ref === command.paymentRef && (l.source === 'purchase' || l.source === 'plan'),
    Math.max(0, lot.amount - alreadyClawedBack),
  );
  const total = sumAllocations(taken);
  if (total > 0) await tx.payments.addClawedBack(state.tenantId, command.paymentRef, total);
  return taken;
}

/** Puts held credits back into their lots; those of a lot that ended meanwhile expire. Answers what went back. */
async function giveBack(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  command: CloseDispute,
  allocations: readonly Allocation[],
): Promise<number> {
  const now = ctx.now();
  let returned = 0;
  let expired = 0;
  for (const part of allocations) {
    const lot = await tx.lots.get(state.tenantId, part.lotId);
    if (lot === null || !isLotLive(lot, now)) {
      expired += part.credits;
      continue;
    }
    await creditExistingLot(
      ctx,
      tx,
      state,
      lot.id,
      part.credits,
      SystemAccount.disputed,
      'dispute_release',
      disputeRef(command),
    );
    if (!state.lots.some((l) => l.id === lot.id)) {
      state.lots.push({ ...lot, remaining: credits(lot.remaining + part.credits) });
    }
    returned += part.credits;
  }
  await moveSystemCredits(ctx, tx, state, command, SystemAccount.expired, 'dispute_release', expired);
  return returned;
}

/** Moves `amount` credits out of `disputed` into another system account (no lot changes). */
async function moveSystemCredits(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  command: DisputeCommand,
  to: SystemAccount,
  kind: 'clawback' | 'dispute_release',
  amount: number,
): Promise<void> {
  if (amount <= 0) return;
  const head = {
    id: ctx.newId(),
    customerId: state.customer.id,
    ref: disputeRef(command),
    createdAt: ctx.now(),
  };
  const jtx = buildSystemTransferTransaction(head, kind, SystemAccount.disputed, to, credits(amount));
  await appendJournal(tx, state.tenantId, jtx);
}

async function recordDispute(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  command: DisputeCommand,
  allocations: readonly Allocation[],
  status: 'open' | 'won' | 'lost',
): Promise<void> {
  const now = ctx.now();
  await tx.disputes.insert({
    tenantId: state.tenantId,
    disputeId: command.disputeId,
    paymentRef: command.paymentRef,
    customerId: state.customer.id,
    // A dispute closed before it was seen open holds nothing: what a lost one took is clawed back.
    held: status === 'open' ? sumAllocations(allocations) : 0,
    allocations: status === 'open' ? allocations : [],
    status,
    createdAt: now,
    closedAt: status === 'open' ? null : now,
  });
}

/** Flags the customer while a dispute is open or lost; a won one clears it when no other remains. */
async function settleFlag(tx: StoreTx, state: CustomerState, status: 'open' | 'won' | 'lost'): Promise<void> {
  const flagged =
    status !== 'won' || (await tx.disputes.countUnsettled(state.tenantId, state.customer.id)) > 0;
  if (state.customer.flagged === flagged) return;
  await tx.customers.setFlagged(state.tenantId, state.customer.id, flagged);
  state.customer = { ...state.customer, flagged };
}

function disputeRef(command: DisputeCommand): string {
  return `dispute:${command.disputeId}`;
}

function sumAllocations(allocations: readonly Allocation[]): Credits {
  return credits(allocations.reduce((sum, a) => sum + a.credits, 0));
}
