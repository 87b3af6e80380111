/**
 * Claw-backs: how many credits a refund or a lost dispute of a payment takes back. The share
 * is cumulative and rounds up: `ceil(granted × reversedCents / amountCents)` of the credits
 * the payment granted, minus what earlier claw-backs of it took, so two partial refunds never
 * take more than the purchase and a refund repeated with the same total takes nothing.
 * (What is then taken is at most the unspent credits; the engine draws them.)
 */
import { ceilDiv } from './credits.ts';

export interface ClawBackFacts {
  /** Credits the payment's lot was granted. */
  readonly granted: number;
  /** Cents reversed so far, in total (all refunds of the payment). */
  readonly reversedCents: number;
  readonly amountCents: number;
  /** Credits earlier claw-backs of the payment took. */
  readonly alreadyTaken: number;
}

/** Credits to take back now (before capping at what is unspent). */
export function decideClawBack(facts: ClawBackFacts): number {
  const reversed = Math.min(facts.reversedCents, facts.amountCents);
  const target = ceilDiv(facts.granted * reversed, facts.amountCents);
  return Math.max(0, target - facts.alreadyTaken);
}
