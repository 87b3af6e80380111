/**
 * The apply step shared by every use case: lock and load a customer (settling expired holds
 * and lots on the way, since nothing may stay reserved or spendable past its time), move
 * credits between lots and system accounts with balanced journal transactions, and keep
 * the customer's cached balance and held in step.
 */
import type { Catalog } from '../domain/catalog.ts';
import { type Credits, credits, micros } from '../domain/credits.ts';
import { fail, type Result } from '../domain/errors.ts';
import {
  buildCreditTransaction,
  buildDebitTransaction,
  buildTransferTransaction,
  type JournalTransaction,
  type StoredLotSource,
  SystemAccount,
  serializeTransaction,
  sumEntries,
  type TransactionKind,
} from '../domain/journal.ts';
import { type Allocation, drawFromLots, findExpiredLots, sumLiveRemaining } from '../domain/lots.ts';
import type { StoreTx } from '../store/store.ts';
import type { CustomerRow, HoldRow, LotRow } from '../store/types.ts';
import { type EngineContext, hashText } from './context.ts';
import { applyDueGrants } from './due-grants.ts';
import { giveBackQuotas } from './quotas.ts';
import type { BalanceInfo } from './types.ts';

/** A locked customer and their open lots, kept current as the use case applies changes. */
export interface CustomerState {
  readonly tenantId: string;
  customer: CustomerRow;
  lots: LotRow[];
  held: number;
  /** Latest expiry among active holds (0 = none): lots must outlive it to cover a new hold. */
  maxHoldExpiry: number;
  /** Holds that `openCustomer` ended as expired in this transaction. */
  expiredHoldIds?: string[];
  /** The daily credit `openCustomer` granted in this transaction (`due-grants.ts`). */
  dailyGrant?: { lotId: string; credits: Credits; periodKey: string };
}

const OVERDRAFT_PRIORITY = 1_000_000_000;

/** Appends a journal transaction with its digest; throws if it does not balance (a bug). */
export async function appendJournal(tx: StoreTx, tenantId: string, jtx: JournalTransaction): Promise<void> {
  if (sumEntries(jtx.entries) !== 0) throw new Error(`journal transaction ${jtx.id} does not balance`);
  await tx.journal.append({ ...jtx, tenantId, digest: hashText(serializeTransaction(jtx)) });
}

/** Balance figures at `now` (lots past expiry do not count). */
export function describeBalance(state: CustomerState, now: number): BalanceInfo {
  const balance = sumLiveRemaining(state.lots, now);
  return {
    balance,
    held: credits(state.held),
    available: credits(balance - state.held),
    overdraftLimit: state.customer.overdraftLimit,
  };
}

function head(ctx: EngineContext, state: CustomerState, ref: string | null) {
  return { id: ctx.newId(), customerId: state.customer.id, ref, createdAt: ctx.now() };
}

function setLotRemaining(state: CustomerState, lotId: string, delta: number): void {
  state.lots = state.lots.map((l) =>
    l.id === lotId ? { ...l, remaining: credits(l.remaining + delta) } : l,
  );
}

/** Adds to the cached balance (and, when a caller folds a hold's release in, to held). */
async function changeBalance(tx: StoreTx, state: CustomerState, delta: number, heldDelta = 0): Promise<void> {
  await tx.customers.addFigures(state.tenantId, state.customer.id, delta, heldDelta, false);
  state.customer = { ...state.customer, balance: credits(state.customer.balance + delta) };
}

/**
 * Ends an active hold; gives back its quota unless it was committed. False if it was not active.
 * With `deferHeld`, the customer row's held is left for the caller to lower by the hold's
 * credits in its own figures update in the same transaction (a commit folds it into the debit).
 */
export async function endHold(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  hold: HoldRow,
  status: 'committed' | 'voided' | 'expired',
  chargeId: string | null,
  deferHeld = false,
): Promise<boolean> {
  if (!(await tx.holds.end(state.tenantId, hold.id, status, ctx.now(), chargeId))) return false;
  if (!deferHeld) await tx.customers.addFigures(state.tenantId, state.customer.id, 0, -hold.credits, false);
  state.held -= hold.credits;
  if (status !== 'committed') await giveBackQuotas(ctx, tx, state, catalog, hold.quotaTakes);
  return true;
}

/**
 * Moves the given lots' credits out to a system account in one journal transaction.
 * `heldDelta` is added to the customer row's held in the same update as the balance.
 */
export async function debitAllocations(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  allocations: readonly Allocation[],
  kind: TransactionKind,
  to: SystemAccount,
  ref: string | null,
  heldDelta = 0,
): Promise<string> {
  let total = 0;
  for (const a of allocations) {
    await tx.lots.addRemaining(state.tenantId, a.lotId, -a.credits);
    setLotRemaining(state, a.lotId, -a.credits);
    total += a.credits;
  }
  const jtx = buildDebitTransaction(head(ctx, state, ref), kind, to, allocations);
  await appendJournal(tx, state.tenantId, jtx);
  await changeBalance(tx, state, -total, heldDelta);
  return jtx.id;
}

/** A `grant.expired` outbox row for each lot (or part of one) that ended unspent. */
export async function announceExpired(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  source: string,
  ended: readonly Allocation[],
): Promise<void> {
  for (const a of ended) {
    await tx.outbox.insert({
      id: ctx.newId(),
      tenantId: state.tenantId,
      type: 'grant.expired',
      payload: { customer: state.customer.id, lot: a.lotId, source, credits: a.credits },
      createdAt: ctx.now(),
    });
  }
}

/**
 * Locks a customer, voids their holds past expiry, expires their lots past expiry, then
 * applies the grants due by now (a free plan's new month, the daily credit).
 */
export async function openCustomer(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  catalog: Catalog,
): Promise<Result<CustomerState>> {
  const customer = await tx.customers.lock(tenantId, customerId);
  if (customer === null) return fail('not_found', `no customer ${customerId}`, 'customer');
  const state: CustomerState = { tenantId, customer, lots: [], held: customer.held, maxHoldExpiry: 0 };
  const now = ctx.now();
  if (customer.held > 0) {
    for (const hold of await tx.holds.listActive(tenantId, customerId)) {
      if (hold.expiresAt <= now) {
        await endHold(ctx, tx, state, catalog, hold, 'expired', null);
        state.expiredHoldIds = [...(state.expiredHoldIds ?? []), hold.id];
      } else state.maxHoldExpiry = Math.max(state.maxHoldExpiry, hold.expiresAt);
    }
  }
  state.lots = await tx.lots.listOpen(tenantId, customerId);
  const expired = findExpiredLots(state.lots, now);
  for (const lot of expired) {
    await debitAllocations(
      ctx,
      tx,
      state,
      [{ lotId: lot.id, credits: lot.remaining }],
      'expiry',
      SystemAccount.expired,
      lot.id,
    );
    await announceExpired(ctx, tx, state, lot.source, [{ lotId: lot.id, credits: lot.remaining }]);
  }
  if (expired.length > 0) state.lots = state.lots.filter((l) => l.remaining !== 0);
  await applyDueGrants(ctx, tx, state, catalog);
  return { ok: true, value: state };
}

async function findOrOpenOverdraftLot(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
): Promise<LotRow> {
  const open = state.lots.find((l) => l.source === 'overdraft');
  if (open !== undefined) return open;
  const existing = await tx.lots.findOverdraft(state.tenantId, state.customer.id);
  if (existing !== null) {
    state.lots.push(existing);
    return existing;
  }
  const lot: LotRow = {
    tenantId: state.tenantId,
    id: ctx.newId(),
    customerId: state.customer.id,
    source: 'overdraft',
    amount: credits(0),
    remaining: credits(0),
    priority: OVERDRAFT_PRIORITY,
    expiresAt: null,
    costBasisMicros: micros(0),
    reason: 'overdraft',
    ref: null,
    createdAt: ctx.now(),
  };
  await tx.lots.insert(lot);
  state.lots.push(lot);
  return lot;
}

/**
 * Takes `amount` from live lots in consumption order into a system account; what the lots
 * cannot cover goes onto the overdraft lot (the caller has checked the overdraft limit).
 * `heldDelta` is added to the customer row's held in the same statement (or alone if
 * nothing is debited).
 */
export async function debitLots(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  amount: Credits,
  kind: TransactionKind,
  to: SystemAccount,
  ref: string | null,
  heldDelta = 0,
): Promise<{ allocations: Allocation[]; transactionId: string | null }> {
  if (amount === 0) {
    if (heldDelta !== 0) {
      await tx.customers.addFigures(state.tenantId, state.customer.id, 0, heldDelta, false);
    }
    return { allocations: [], transactionId: null };
  }
  const { allocations, shortfall } = drawFromLots(state.lots, amount, ctx.now());
  if (shortfall > 0) {
    const overdraft = await findOrOpenOverdraftLot(ctx, tx, state);
    allocations.push({ lotId: overdraft.id, credits: shortfall });
  }
  const transactionId = await debitAllocations(ctx, tx, state, allocations, kind, to, ref, heldDelta);
  return { allocations, transactionId };
}

export interface NewLot {
  readonly source: StoredLotSource;
  readonly amount: Credits;
  readonly priority: number;
  readonly expiresAt: number | null;
  readonly costBasisMicros: number;
  readonly reason: string | null;
  readonly ref: string | null;
}

/** Creates a lot funded from a system account; any overdraft is repaid from it first. */
export async function creditNewLot(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  input: NewLot,
  from: SystemAccount,
  kind: TransactionKind,
): Promise<{ lot: LotRow; repaid: Credits }> {
  const lot: LotRow = {
    tenantId: state.tenantId,
    id: ctx.newId(),
    customerId: state.customer.id,
    source: input.source,
    amount: input.amount,
    remaining: input.amount,
    priority: input.priority,
    expiresAt: input.expiresAt,
    costBasisMicros: micros(input.costBasisMicros),
    reason: input.reason,
    ref: input.ref,
    createdAt: ctx.now(),
  };
  await tx.lots.insert(lot);
  state.lots.push(lot);
  await appendJournal(
    tx,
    state.tenantId,
    buildCreditTransaction(head(ctx, state, input.ref), kind, from, lot.id, lot.amount),
  );
  await changeBalance(tx, state, lot.amount);
  return {
    lot: state.lots.find((l) => l.id === lot.id) ?? lot,
    repaid: await repayOverdraft(ctx, tx, state, lot),
  };
}

/** Credits put back into an existing lot (a refund into a lot still live). */
export async function creditExistingLot(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  lotId: string,
  amount: Credits,
  from: SystemAccount,
  kind: TransactionKind,
  ref: string | null,
): Promise<void> {
  await tx.lots.addRemaining(state.tenantId, lotId, amount);
  setLotRemaining(state, lotId, amount);
  await appendJournal(
    tx,
    state.tenantId,
    buildCreditTransaction(head(ctx, state, ref), kind, from, lotId, amount),
  );
  await changeBalance(tx, state, amount);
}

async function repayOverdraft(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  lot: LotRow,
): Promise<Credits> {
  const overdraft = state.lots.find((l) => l.source === 'overdraft' && l.remaining < 0);
  if (overdraft === undefined || lot.source === 'overdraft') return credits(0);
  const amount = credits(Math.min(lot.amount, -overdraft.remaining));
  await tx.lots.addRemaining(state.tenantId, lot.id, -amount);
  await tx.lots.addRemaining(state.tenantId, overdraft.id, amount);
  setLotRemaining(state, lot.id, -amount);
  setLotRemaining(state, overdraft.id, amount);
  await appendJournal(
    tx,
    state.tenantId,
    buildTransferTransaction(head(ctx, state, lot.id), lot.id, overdraft.id, amount),
  );
  return amount;
}
