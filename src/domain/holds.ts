/**
 * Hold arithmetic: what is available and whether a hold fits (what a commit charges is in
 * commit-charge.ts). A hold reserves credits without moving them; `available = Σ live lots − Σ active
 * holds`, and it only goes below zero as far as the customer's overdraft limit allows.
 */
import { type Credits, credits } from './credits.ts';
import { type DomainError, fail, ok, type Result } from './errors.ts';

export type HoldStatus = 'active' | 'committed' | 'voided' | 'expired';

/** Balance figures of one customer at one instant. */
export interface BalanceFigures {
  /** Σ remaining of live lots (may be negative only through an overdraft). */
  readonly balance: Credits;
  /** Σ credits of active holds. */
  readonly held: Credits;
  /** Credits the tenant lets this customer go below zero; 0 = none. */
  readonly overdraftLimit: Credits;
}

/** Credits that can be spent or reserved now (may be negative within the overdraft). */
export function computeAvailable(f: Pick<BalanceFigures, 'balance' | 'held'>): Credits {
  return credits(f.balance - f.held);
}

/** How far the customer can still go: available plus the overdraft limit. */
export function computeSpendable(f: BalanceFigures): Credits {
  return credits(f.balance - f.held + f.overdraftLimit);
}

/** Whether a new hold of `amount` fits; on refusal answers how many credits are missing. */
export function checkHoldFits(
  f: BalanceFigures,
  amount: Credits,
): Result<true, DomainError<'insufficient_credits'>> {
  const spendable = computeSpendable(f);
  if (amount <= spendable) return ok(true);
  return fail(
    'insufficient_credits',
    `needs ${amount} credits, ${Math.max(0, spendable)} available`,
    undefined,
    {
      required: amount,
      available: computeAvailable(f),
      shortfall: amount - spendable,
    },
  );
}

/** Whether a hold with this status and expiry can still be committed or voided at `now`. */
export function isHoldLive(hold: { status: HoldStatus; expiresAt: number }, now: number): boolean {
  return hold.status === 'active' && hold.expiresAt > now;
}

/** Expiry instant of a hold placed at `now` with a time to live in seconds. */
export function computeHoldExpiry(now: number, ttlSeconds: number): number {
  return now + ttlSeconds * 1000;
}
