/**
 * Budgets for agent runs (issue 17 item 3): a child hold draws from its parent hold's
 * reservation instead of from the customer's lots. The parent's `credits` are what no child
 * has taken (its budget left); a child moves credits from the parent to itself, so the
 * customer's held (Σ active holds) never changes when a child is placed, and nothing is
 * reserved twice. A child's charge debits lots exactly as a commit does; what it did not use
 * goes back to the parent, and overage (when the catalog allows it) comes from the parent's
 * budget left, never from the rest of the customer's credits.
 */
import { type Credits, credits } from './credits.ts';
import { type DomainError, fail, ok, type Result } from './errors.ts';

/** A parent's budget figures as `verify` and the answers read them. */
export interface BudgetFigures {
  /** Credits the parent still holds itself (no child took them): its budget left. */
  readonly left: Credits;
  /** Σ credits its active children reserve. */
  readonly childrenHeld: Credits;
  /** Σ credits its children charged. */
  readonly childrenCharged: Credits;
}

/** Whether a child of `amount` fits in what the parent has left; refusals name `parent_hold`. */
export function checkChildFits(
  parentId: string,
  left: Credits,
  amount: Credits,
): Result<true, DomainError<'insufficient_credits'>> {
  if (amount <= left) return ok(true);
  return fail(
    'insufficient_credits',
    `needs ${amount} credits, parent hold ${parentId} has ${Math.max(0, left)} left`,
    'parent_hold',
    { required: amount, budget_left: left, shortfall: amount - left },
  );
}

/** A child never outlives its parent: its expiry is the earlier of the two. */
export function computeChildExpiry(wanted: number, parentExpiresAt: number): number {
  return Math.min(wanted, parentExpiresAt);
}

/**
 * Credits a child's commit or capture charges: the actual price, capped at the child's hold
 * unless the catalog allows overage, and then only within what the parent has left.
 */
export function decideChildCharge(input: {
  readonly parentId: string;
  readonly held: Credits;
  readonly actual: Credits;
  readonly allowOverage: boolean;
  readonly parentLeft: Credits;
}): Result<{ charged: Credits; capped: boolean }> {
  const { held, actual, parentLeft } = input;
  if (actual <= held) return ok({ charged: actual, capped: false });
  if (!input.allowOverage) return ok({ charged: held, capped: true });
  if (actual - held <= parentLeft) return ok({ charged: actual, capped: false });
  return fail(
    'insufficient_credits',
    `overage of ${actual - held} credits exceeds what parent hold ${input.parentId} has left (${parentLeft})`,
    'usage',
    { required: actual, available: held + parentLeft, shortfall: actual - held - parentLeft },
  );
}

/** How a child's charge moves the figures of the child, its parent and the customer. */
export interface ChildChargeSplit {
  /** Credits leaving the child's hold (all of it when final, else what the charge used of it). */
  readonly released: Credits;
  /** Overage taken from the parent's budget left. */
  readonly fromParent: Credits;
  /** What the child did not use, given back to the parent's budget left (final only). */
  readonly returned: Credits;
  /** Change of the parent's own credits (`returned − fromParent`). */
  readonly parentCredits: number;
  /** Change of the customer's held: minus exactly what was charged. */
  readonly customerHeld: number;
}

/**
 * Splits a child's charge of `charged` from a hold of `held`. The customer's held falls by
 * exactly `charged` (the lots are debited by it, as in any commit), so the tree's reservation
 * shrinks by the charge and nothing is counted twice.
 */
export function splitChildCharge(held: Credits, charged: Credits, final: boolean): ChildChargeSplit {
  const released = final ? held : credits(Math.min(charged, held));
  const fromParent = credits(Math.max(0, charged - held));
  const returned = final ? credits(Math.max(0, held - charged)) : credits(0);
  return {
    released,
    fromParent,
    returned,
    parentCredits: returned - fromParent,
    customerHeld: -released + returned - fromParent,
  };
}

/**
 * What `verify` checks on one parent: its stored figures equal its children's, and (while it is
 * active) what its children reserve and charged plus its own credits never exceed what it was
 * placed with: equal to it when the parent took no capture of its own.
 */
export function checkBudget(input: {
  readonly status: string;
  readonly placed: Credits | null;
  readonly captured: Credits;
  readonly stored: BudgetFigures;
  readonly activeChildrenHeld: number;
  readonly childrenCharged: number;
}): string[] {
  const { stored } = input;
  const problems: string[] = [];
  if (stored.childrenHeld !== input.activeChildrenHeld)
    problems.push(`children_held ${stored.childrenHeld}, active children hold ${input.activeChildrenHeld}`);
  // Retention may prune an ended tree's holds one by one: charges are compared while it is active.
  if (input.status !== 'active') return problems;
  if (stored.childrenCharged !== input.childrenCharged)
    problems.push(
      `children_charged ${stored.childrenCharged}, children's charges sum to ${input.childrenCharged}`,
    );
  if (input.placed === null) return problems;
  if (stored.left < 0) problems.push(`budget left ${stored.left} is below zero`);
  const used = stored.left + stored.childrenHeld + stored.childrenCharged;
  if (used > input.placed || (input.captured === 0 && used !== input.placed))
    problems.push(
      `left ${stored.left} + children held ${stored.childrenHeld} + children charged ${stored.childrenCharged} = ${used}, placed with ${input.placed}`,
    );
  return problems;
}
