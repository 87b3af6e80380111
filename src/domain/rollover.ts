/**
 * Plan rollover: when a new plan period starts, what happens to the last period's plan lots.
 * Up to the plan's rollover cap is kept, taken first from the lots that would be spent last;
 * the rest ends (expires), but never more than is available, so credits active holds reserve
 * stay in their lot until it expires: neither carried nor ended.
 */
import { type Credits, credits } from './credits.ts';
import type { Allocation } from './lots.ts';

export interface RolloverSplit {
  /** Credits that end with the period, per lot. */
  readonly toEnd: readonly Allocation[];
  /** Credits carried into the new period, per lot they leave. */
  readonly toCarry: readonly Allocation[];
}

/**
 * Splits the previous plan lots (`lots`, in consumption order, each with what remains) into
 * what is carried (at most `cap`) and what ends (at most `available`).
 */
export function splitRollover(
  lots: readonly { readonly id: string; readonly remaining: number }[],
  cap: number,
  available: number,
): RolloverSplit {
  let keep = cap;
  let room = Math.max(0, available);
  const toEnd: Allocation[] = [];
  const toCarry: Allocation[] = [];
  for (const lot of [...lots].reverse()) {
    const carry = Math.min(lot.remaining, keep);
    keep -= carry;
    const end = Math.min(lot.remaining - carry, room);
    room -= end;
    if (end > 0) toEnd.push({ lotId: lot.id, credits: credits(end) });
    if (carry > 0) toCarry.push({ lotId: lot.id, credits: credits(carry) });
  }
  return { toEnd, toCarry };
}

/** Σ credits of a list of allocations. */
export function sumAllocated(list: readonly Allocation[]): Credits {
  return credits(list.reduce((s, a) => s + a.credits, 0));
}
