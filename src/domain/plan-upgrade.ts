/**
 * What an upgrade in the middle of a paid period grants (issue 12.1, `docs/decisions.md`):
 * the difference between the new plan's monthly credits and the allowance level the period
 * already had, prorated by the part of the period still to come, as Stripe prorates the money.
 * The level only rises, so upgrading, downgrading and upgrading again grants nothing twice.
 */
import { type Cents, type Credits, cents, credits } from './credits.ts';

export interface UpgradeInput {
  /** Allowance level the period has had so far (credits). */
  readonly level: number;
  /** The new plan's monthly credits and price. */
  readonly toCredits: number;
  readonly toPriceCents: number;
  /** The old plan's price, for the cost basis of the granted credits. */
  readonly fromPriceCents: number;
  /** The period [start, end) and the moment of the change, epoch ms. */
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly at: number;
}

export interface UpgradeGrant {
  /** Credits to grant now (0 for a downgrade, a same-level change or a period already over). */
  readonly credits: Credits;
  /** What the customer pays for them, prorated like the credits. */
  readonly costBasisCents: Cents;
  /** The period's level after the change. */
  readonly level: number;
}

/** The prorated difference an upgrade grants, and the period's new level. */
export function computeUpgradeGrant(input: UpgradeInput): UpgradeGrant {
  const level = Math.max(input.level, input.toCredits);
  const difference = input.toCredits - input.level;
  const length = input.periodEnd - input.periodStart;
  if (difference <= 0 || length <= 0) return { credits: credits(0), costBasisCents: cents(0), level };
  const remaining = Math.min(Math.max(input.periodEnd - input.at, 0), length);
  const granted = Math.floor((difference * remaining) / length);
  const priceDifference = Math.max(0, input.toPriceCents - input.fromPriceCents);
  return {
    credits: credits(granted),
    costBasisCents: cents(Math.floor((priceDifference * remaining) / length)),
    level,
  };
}
