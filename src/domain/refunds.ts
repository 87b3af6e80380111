/**
 * Refunds: what a refund of a charge gives back, and where. Credits go back into the lots that
 * paid the charge, last drawn first, skipping what earlier refunds returned; a lot that has
 * expired since (or is gone) gets its share as a new `refund` lot that expires after the
 * catalog's `refundLotExpiryDays`, so a refund never revives dead credits for long.
 */
import { DAY_MS } from './calendar.ts';
import { type Credits, credits } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';
import { type Allocation, isLotLive } from './lots.ts';

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

/** What a refund decision needs to know of a lot that paid the charge. */
export interface PayingLot {
  readonly id: string;
  readonly priority: number;
  readonly expiresAt: number | null;
}

/** One share of a refund: back into a live lot, or into a new `refund` lot. */
export type RefundPart =
  | { readonly into: 'lot'; readonly lotId: string; readonly credits: Credits }
  | {
      readonly into: 'new_lot';
      /** The lot that paid this share (expired or gone). */
      readonly paidBy: string;
      readonly credits: Credits;
      readonly priority: number;
      readonly expiresAt: number;
    };

export interface RefundDecision {
  readonly amount: Credits;
  readonly parts: readonly RefundPart[];
}

export interface RefundFacts {
  readonly charge: { readonly id: string; readonly credits: number; readonly refunded: number };
  readonly allocations: readonly Allocation[];
  /** Credits asked for; undefined = everything still refundable. */
  readonly requested: number | undefined;
  /** The paying lots as they are now, by id; a lot missing here is gone. */
  readonly lots: ReadonlyMap<string, PayingLot>;
  readonly now: number;
  readonly refundLotExpiryDays: number;
  /** Priority of a new refund lot when the paying lot is gone. */
  readonly refundPriority: number;
}

/** Decides a refund: how much (refused when nothing or too much is asked) and where each share goes. */
export function decideRefund(facts: RefundFacts): Result<RefundDecision> {
  const { charge } = facts;
  const refundable = charge.credits - charge.refunded;
  const amount = facts.requested ?? refundable;
  if (amount <= 0 || amount > refundable) {
    return fail(
      'charge_not_refundable',
      `charge ${charge.id} has ${refundable} credits left to refund`,
      'credits',
      { refundable },
    );
  }
  const expiresAt = facts.now + facts.refundLotExpiryDays * DAY_MS;
  const parts = planRefund(facts.allocations, charge.refunded, amount).map((share): RefundPart => {
    const lot = facts.lots.get(share.lotId);
    if (lot !== undefined && isLotLive(lot, facts.now))
      return { into: 'lot', lotId: lot.id, credits: share.credits };
    const priority = lot?.priority ?? facts.refundPriority;
    return { into: 'new_lot', paidBy: share.lotId, credits: share.credits, priority, expiresAt };
  });
  return ok({ amount: credits(amount), parts });
}
