/**
 * The apply step shared by every use case: move credits between lots and system accounts with
 * balanced journal transactions, end holds, and keep the customer's cached balance and held in
 * step with the state the use case decides on. Opening a customer (load, then settle what is
 * due) is `open-customer.ts`.
 */
import type { Catalog } from '../domain/catalog.ts';
import { type Credits, credits, micros } from '../domain/credits.ts';
import {
  buildCreditTransaction,
  buildDebitTransaction,
  buildTransferTransaction,
  type JournalTransaction,
  type StoredLotSource,
  type SystemAccount,
  serializeTransaction,
  sumEntries,
  type TransactionKind,
} from '../domain/journal.ts';
import {
  type Allocation,
  compareLotsForConsumption,
  drawFromLots,
  sumLiveRemaining,
} from '../domain/lots.ts';
import type { StoreTx } from '../store/store.ts';
import type { CustomerRow, HoldRow, LotRow } from '../store/types.ts';
import { type EngineContext, hashText } from './context.ts';
import { giveBackQuotas } from './quotas.ts';
import type { BalanceInfo } from './types.ts';

/** A locked customer and their open lots, kept current as the use case applies changes. */
export interface CustomerState {
  readonly tenantId: string;
  customer: CustomerRow;
  /**
   * Open lots: all of them, or (`allLots` false) only the first `ctx.lotWindow` in consumption
   * order, which is all an authorize or a commit needs in the common case; `loadAllLots`
   * reads the rest when a use case needs them.
   */
  lots: LotRow[];
  allLots: boolean;
  /** With a window: the last lot of the window in consumption order (lots after it are not loaded). */
  lotBoundary: LotRow | null;
  held: number;
  /**
   * Latest expiry among active holds (0 = none) and how many are active (counted up to the
   * catalog's cap), read by the first authorize that needs them (`describeActiveHolds`).
   */
  activeHolds: ActiveHolds | null;
  /** Holds that `openCustomer` ended as expired in this transaction. */
  expiredHoldIds?: string[];
  /** The daily credit `openCustomer` granted in this transaction (`due-grants.ts`). */
  dailyGrant?: { lotId: string; credits: Credits; periodKey: string };
}

const OVERDRAFT_PRIORITY = 1_000_000_000;

/** Reads every open lot of the customer into the state (a no-op when it has them already). */
export async function loadAllLots(tx: StoreTx, state: CustomerState): Promise<void> {
  if (state.allLots) return;
  state.lots = await tx.lots.listOpen(state.tenantId, state.customer.id);
  state.allLots = true;
  state.lotBoundary = null;
}

/** Live credits at `at` (≥ now): the cached balance less what expires after now and by `at`. */
export async function findBalanceAt(
  tx: StoreTx,
  state: CustomerState,
  now: number,
  at: number,
): Promise<Credits> {
  if (state.allLots) return sumLiveRemaining(state.lots, at);
  const balance = describeBalance(state, now).balance;
  if (at <= now) return balance;
  return credits(balance - (await tx.lots.sumExpiringBetween(state.tenantId, state.customer.id, now, at)));
}

/** Active holds as counted: exact below `countedUpTo`, at least that many at it. */
export interface ActiveHolds {
  maxExpiresAt: number;
  count: number;
  readonly countedUpTo: number;
}

/** How far a customer's load counts active holds before the catalog's cap is known. */
export const ACTIVE_HOLDS_READ_AHEAD = 1000;

/** The latest active hold expiry and the active hold count (up to `cap`), read once per transaction. */
export async function describeActiveHolds(tx: StoreTx, state: CustomerState, cap: number) {
  const known = state.activeHolds;
  if (known === null || (known.count >= known.countedUpTo && cap > known.countedUpTo)) {
    const found = await tx.holds.describeActive(state.tenantId, state.customer.id, cap);
    state.activeHolds = { maxExpiresAt: found.maxExpiresAt, count: found.count, countedUpTo: cap };
  }
  return state.activeHolds as ActiveHolds;
}

/** Appends a journal transaction with its digest; throws if it does not balance (a bug). */
export async function appendJournal(tx: StoreTx, tenantId: string, jtx: JournalTransaction): Promise<void> {
  if (sumEntries(jtx.entries) !== 0) throw new Error(`journal transaction ${jtx.id} does not balance`);
  await tx.journal.append({ ...jtx, tenantId, digest: hashText(serializeTransaction(jtx)) });
}

/** Balance figures at `now` (lots past expiry do not count). */
export function describeBalance(state: CustomerState, now: number): BalanceInfo {
  // With a lot window the customer row's cached balance is the figure: `openCustomer` has
  // expired every lot due by now, so it equals the live lots' remaining.
  const balance = state.allLots ? sumLiveRemaining(state.lots, now) : state.customer.balance;
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
  // The update is unconditional: the state changes as it is sent, so a caller that defers it
  // (commit) answers the new balance.
  state.customer = { ...state.customer, balance: credits(state.customer.balance + delta) };
  await tx.customers.addFigures(state.tenantId, state.customer.id, delta, heldDelta, false);
}

/**
 * Ends a hold a commit charged, whose release from held the commit folds into its own figures
 * update. The state changes as the write is sent (the hold was read active under its
 * customer's lock), so the commit may defer it; false if the hold was not active after all.
 */
export function endCommittedHold(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  hold: HoldRow,
  chargeId: string,
): Promise<boolean> {
  if (hold.status === 'active') {
    state.held -= hold.credits;
    if (state.activeHolds !== null) state.activeHolds.count -= 1;
  }
  return tx.holds.end(state.tenantId, hold.id, 'committed', ctx.now(), chargeId);
}

/** Ends an active hold; gives back its quota unless it was committed or captured from. False if it was not active. */
export async function endHold(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  hold: HoldRow,
  status: 'committed' | 'voided' | 'expired',
  chargeId: string | null,
): Promise<boolean> {
  // Ending a parent (issue 17 item 3) voids its open children first: each gives its credits
  // back to the parent, which then releases everything at once (read again, as it now stands).
  let current = hold;
  if (status !== 'committed' && (hold.childrenHeld ?? 0) > 0) {
    for (const child of await tx.holds.listActiveChildren(state.tenantId, hold.id))
      await endHold(ctx, tx, state, catalog, child, 'voided', null);
    current = (await tx.holds.get(state.tenantId, hold.id)) ?? hold;
  }
  if (!(await tx.holds.end(state.tenantId, current.id, status, ctx.now(), chargeId))) return false;
  // A child voided or expired under an active parent gives its credits back to the parent's
  // budget left: the customer's held keeps them.
  const parentId = current.parentHoldId ?? null;
  const back =
    status !== 'committed' &&
    parentId !== null &&
    current.credits > 0 &&
    (await tx.holds.adjustBudget(state.tenantId, parentId, {
      credits: current.credits,
      childrenHeld: -current.credits,
      childrenCharged: 0,
    }));
  const released = back ? 0 : current.credits;
  if (released !== 0) await tx.customers.addFigures(state.tenantId, state.customer.id, 0, -released, false);
  state.held -= released;
  if (state.activeHolds !== null) state.activeHolds.count -= 1;
  // A hold charged in part (a capture) was used: its quota stays taken when the rest is released.
  if (status !== 'committed' && (current.captured ?? 0) === 0)
    await giveBackQuotas(ctx, tx, state, catalog, current.quotaTakes);
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
    setLotRemaining(state, a.lotId, -a.credits);
    total += a.credits;
  }
  const jtx = buildDebitTransaction(head(ctx, state, ref), kind, to, allocations);
  // Independent writes, sent together (one round trip on PostgreSQL).
  await Promise.all([
    ...allocations.map((a) => tx.lots.addRemaining(state.tenantId, a.lotId, -a.credits)),
    appendJournal(tx, state.tenantId, jtx),
    changeBalance(tx, state, -total, heldDelta),
  ]);
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
 * Which lots pay `amount`, in consumption order; what they cannot cover goes onto the
 * overdraft lot (opened if need be; the caller has checked the overdraft limit).
 */
export async function planDebit(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  amount: Credits,
): Promise<Allocation[]> {
  if (amount === 0) return [];
  const { allocations, shortfall } = await drawFromState(tx, state, amount, ctx.now());
  if (shortfall > 0) {
    const overdraft = await findOrOpenOverdraftLot(ctx, tx, state);
    allocations.push({ lotId: overdraft.id, credits: shortfall });
  }
  return allocations;
}

/**
 * Debits the planned lots into a system account (`planDebit`, `debitAllocations`).
 * `heldDelta` is added to the customer row's held in the same statement (or alone if
 * nothing is debited).
 */
export async function applyDebit(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  allocations: readonly Allocation[],
  kind: TransactionKind,
  to: SystemAccount,
  ref: string | null,
  heldDelta = 0,
): Promise<string | null> {
  if (allocations.length === 0) {
    if (heldDelta !== 0)
      await tx.customers.addFigures(state.tenantId, state.customer.id, 0, heldDelta, false);
    return null;
  }
  return debitAllocations(ctx, tx, state, allocations, kind, to, ref, heldDelta);
}

/** Takes `amount` from live lots into a system account (`planDebit` then `applyDebit`). */
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
  const allocations = await planDebit(ctx, tx, state, amount);
  const transactionId = await applyDebit(ctx, tx, state, allocations, kind, to, ref, heldDelta);
  return { allocations, transactionId };
}

/**
 * Draws from the state's lots; with a window, the draw stands only if every lot it takes comes
 * no later than the window's last lot in consumption order and nothing is left short (lots
 * created in this transaction may sort anywhere). Otherwise it reads every lot and draws again.
 */
async function drawFromState(tx: StoreTx, state: CustomerState, amount: Credits, now: number) {
  const drawn = drawFromLots(state.lots, amount, now);
  const boundary = state.lotBoundary;
  if (state.allLots || boundary === null) return drawn;
  const byId = new Map(state.lots.map((l) => [l.id, l]));
  const inWindow = drawn.allocations.every((a) => {
    const lot = byId.get(a.lotId);
    return lot !== undefined && compareLotsForConsumption(lot, boundary) <= 0;
  });
  if (inWindow && drawn.shortfall === 0) return drawn;
  await loadAllLots(tx, state);
  return drawFromLots(state.lots, amount, now);
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
  await loadAllLots(tx, state); // repaying an overdraft needs the overdraft lot, last in order
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
