/**
 * Branded integer types for everything that is counted: credits, money in cents and
 * provider cost in micro-dollars. They are created only through the functions below,
 * which refuse anything that is not a safe integer, so a float can never reach the ledger.
 */
export type Credits = number & { readonly __brand: 'Credits' };
export type Cents = number & { readonly __brand: 'Cents' };
export type Micros = number & { readonly __brand: 'Micros' };

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

/** Makes a credit amount; throws on a non-integer (a bug, never user input: validate input first). */
export function credits(value: number): Credits {
  assertSafeInteger(value, 'credits');
  return value as Credits;
}

/** Makes an amount of money in cents. */
export function cents(value: number): Cents {
  assertSafeInteger(value, 'cents');
  return value as Cents;
}

/** Makes an amount of money in micro-dollars (1 USD = 1,000,000). */
export function micros(value: number): Micros {
  assertSafeInteger(value, 'micros');
  return value as Micros;
}

export const ZERO_CREDITS = 0 as Credits;

/** The largest balance the ledger keeps exact (2^53 − 1: past it, JavaScript numbers round). */
export const MAX_BALANCE = Number.MAX_SAFE_INTEGER;

/** Whether adding `delta` credits to `balance` would take it past `MAX_BALANCE`. */
export function exceedsMaxBalance(balance: number, delta: number): boolean {
  return delta > 0 && balance > MAX_BALANCE - delta;
}

/** Adds credit amounts. */
export function addCredits(...values: Credits[]): Credits {
  let sum = 0;
  for (const v of values) sum += v;
  return credits(sum);
}

/** Subtracts b from a; the result may be negative (callers decide whether that is allowed). */
export function subCredits(a: Credits, b: Credits): Credits {
  return credits(a - b);
}

/** Smaller of two credit amounts. */
export function minCredits(a: Credits, b: Credits): Credits {
  return (a < b ? a : b) as Credits;
}

/** Integer division rounded up, for prices ("rounded up to the next credit"). */
export function ceilDiv(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  return Math.floor((numerator + denominator - 1) / denominator);
}

/** Cents to micro-dollars. */
export function centsToMicros(value: Cents): Micros {
  return micros(value * 10_000);
}
