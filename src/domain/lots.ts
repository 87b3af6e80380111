/**
 * Lots and the order they are consumed in: lowest priority first, then
 * soonest expiry (never-expiring last), then oldest. Drawing an amount across lots is a
 * pure function so the engine, the reference model and `verify` all agree on it.
 */
import { type Credits, credits, ZERO_CREDITS } from './credits.ts';

/** What lot ordering and drawing need to know about a lot. */
export interface LotView {
  readonly id: string;
  readonly remaining: Credits;
  readonly priority: number;
  /** Epoch ms after which the lot is dead; null = never expires. */
  readonly expiresAt: number | null;
  readonly createdAt: number;
}

/** One lot's share of a charge. */
export interface Allocation {
  readonly lotId: string;
  readonly credits: Credits;
}

/** Whether a lot can still be spent at `now` (expiry is exclusive: dead at `expiresAt`). */
export function isLotLive(lot: Pick<LotView, 'expiresAt'>, now: number): boolean {
  return lot.expiresAt === null || lot.expiresAt > now;
}

/** Compares two lots in consumption order; ties broken by id so the order is total. */
export function compareLotsForConsumption(a: LotView, b: LotView): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.expiresAt !== b.expiresAt) {
    if (a.expiresAt === null) return 1;
    if (b.expiresAt === null) return -1;
    return a.expiresAt - b.expiresAt;
  }
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Live lots with something left, in the order they are spent. */
export function orderLotsForConsumption<L extends LotView>(lots: readonly L[], now: number): L[] {
  return lots.filter((l) => l.remaining > 0 && isLotLive(l, now)).sort(compareLotsForConsumption);
}

/** Σ remaining over the lots that are live at `now` (negative overdraft lots included). */
export function sumLiveRemaining(lots: readonly LotView[], now: number): Credits {
  let sum = 0;
  for (const l of lots) if (isLotLive(l, now)) sum += l.remaining;
  return credits(sum);
}

/**
 * Splits `amount` across lots in consumption order. Whatever the lots cannot cover is
 * returned as `shortfall`; the caller decides whether an overdraft may take it.
 */
export function drawFromLots(
  lots: readonly LotView[],
  amount: Credits,
  now: number,
): { allocations: Allocation[]; shortfall: Credits } {
  if (amount < 0) throw new RangeError('cannot draw a negative amount');
  const allocations: Allocation[] = [];
  let left: number = amount;
  for (const lot of orderLotsForConsumption(lots, now)) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    allocations.push({ lotId: lot.id, credits: credits(take) });
    left -= take;
  }
  return { allocations, shortfall: left === 0 ? ZERO_CREDITS : credits(left) };
}

/** Lots that have expired at `now` but still hold credits: each needs an `expired` movement. */
export function findExpiredLots<L extends LotView>(lots: readonly L[], now: number): L[] {
  return lots.filter((l) => l.remaining > 0 && !isLotLive(l, now));
}

/** Adds allocations of the same lot together, keeping first-seen order. */
export function mergeAllocations(allocations: readonly Allocation[]): Allocation[] {
  const byLot = new Map<string, number>();
  for (const a of allocations) byLot.set(a.lotId, (byLot.get(a.lotId) ?? 0) + a.credits);
  return [...byLot].map(([lotId, c]) => ({ lotId, credits: credits(c) }));
}
