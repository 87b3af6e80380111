/**
 * What a commit or a capture charges, and how it moves the hold, the customer's held and a
 * budget's parent (issue 13 item 2: one domain file for this rule). In order:
 *
 * 1. the actual price, capped at the hold unless the catalog allows overage; overage comes out
 *    of what the customer can spend once this hold is released (overdraft included) or, for a
 *    child of a budget, out of the parent's budget left (domain/budgets.ts);
 * 2. never more than the customer's lots can still pay: lots that expired under an active hold
 *    cannot, and what they would have paid is not charged;
 * 3. overage of a hold placed with a capped customer API key stops at the key's monthly cap;
 * 4. what leaves the hold (all of it when final, else what was charged, at most what is left)
 *    and how the customer's held and the parent's figures change.
 *
 * The engine loads the figures (reads only) and applies the plan; nothing here reads or writes.
 */
import { type CapStanding, capCharge } from './api-key-caps.ts';
import { decideChildCharge, splitChildCharge } from './budgets.ts';
import { type Credits, credits } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';
import { type BalanceFigures, computeSpendable } from './holds.ts';

/**
 * Credits a commit charges: the actual price, capped at the hold unless the tenant allows
 * overage, and then only within what is spendable once this hold is released.
 */
export function decideCommitCredits(input: {
  readonly held: Credits;
  readonly actual: Credits;
  readonly allowOverage: boolean;
  /** Figures including this hold among the active ones. */
  readonly figures: BalanceFigures;
}): Result<{ charged: Credits; capped: boolean }> {
  const { held, actual } = input;
  if (actual <= held) return ok({ charged: actual, capped: false });
  if (!input.allowOverage) return ok({ charged: held, capped: true });
  const spendableWithoutHold = computeSpendable(input.figures) + held;
  if (actual <= spendableWithoutHold) return ok({ charged: actual, capped: false });
  return fail(
    'insufficient_credits',
    `overage of ${actual - held} credits exceeds what is available`,
    'usage',
    {
      required: actual,
      available: spendableWithoutHold,
      shortfall: actual - spendableWithoutHold,
    },
  );
}

/** Everything the decision needs, loaded under the customer's lock. */
export interface CommitChargeInput {
  /** Credits the hold still reserves. */
  readonly held: Credits;
  /** The actual usage's price (batch discount applied). */
  readonly actual: Credits;
  readonly allowOverage: boolean;
  /** False for a partial capture: the rest stays held. */
  readonly final: boolean;
  /** The customer's figures now: live lots only, this hold among the active ones. */
  readonly figures: BalanceFigures;
  /** For a child of a budget: its parent and what the parent has left (0 once it ended). */
  readonly parent: { readonly id: string; readonly left: Credits } | null;
  /** The key's monthly cap standing, for a hold placed with a capped customer API key. */
  readonly cap: CapStanding | null;
}

/** The decision: what to charge, what leaves the hold, and how held and the parent move. */
export interface CommitChargePlan {
  readonly charged: Credits;
  /** Whether the actual price was cut to the hold (no overage allowed). */
  readonly capped: boolean;
  /** Credits leaving the hold's reservation. */
  readonly released: Credits;
  /** Change of the customer's held. */
  readonly heldDelta: number;
  /** Change of the parent's budget figures, for a child. */
  readonly parentMove: {
    readonly credits: number;
    readonly childrenHeld: number;
    readonly childrenCharged: Credits;
  } | null;
}

/** Decides a commit's or a capture's charge; refuses overage beyond what may be spent. */
export function decideCommitCharge(input: CommitChargeInput): Result<CommitChargePlan> {
  const { held, actual, parent, figures } = input;
  const priced =
    parent === null
      ? decideCommitCredits({ held, actual, allowOverage: input.allowOverage, figures })
      : decideChildCharge({
          parentId: parent.id,
          held,
          actual,
          allowOverage: input.allowOverage,
          parentLeft: parent.left,
        });
  if (!priced.ok) return priced;
  // What the live lots can still pay beyond the other holds: a child may also spend what its
  // parent has left, which the customer's held counts.
  const reserved = held + (parent === null ? 0 : parent.left);
  const coverable = Math.max(0, figures.balance - (figures.held - reserved) + figures.overdraftLimit);
  const covered = credits(Math.min(priced.value.charged, coverable));
  // A child's overage comes from its parent's reservation, which the cap already counts (as held).
  const charged = parent === null && input.cap !== null ? capCharge(covered, held, input.cap) : covered;
  if (parent !== null) {
    const split = splitChildCharge(held, charged, input.final);
    return ok({
      charged,
      capped: priced.value.capped,
      released: split.released,
      heldDelta: split.customerHeld,
      parentMove: { credits: split.parentCredits, childrenHeld: -split.released, childrenCharged: charged },
    });
  }
  const released = input.final ? held : credits(Math.min(charged, held));
  return ok({ charged, capped: priced.value.capped, released, heldDelta: -released, parentMove: null });
}
