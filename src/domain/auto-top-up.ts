/**
 * Auto top-up rules (issue 17 item 1), pure: what one top-up buys and costs, whether a
 * customer's top-up should fire now, and the status a customer is shown. The engine loads the
 * facts under the customer's lock, asks `decideAutoTopUp`, and only then claims the attempt.
 */
import { type Catalog, findPack } from './catalog.ts';
import { type Cents, type Credits, ceilDiv, cents, credits } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';

/** Least time between two attempts for one customer, so a failing or slow card is not hammered. */
export const AUTO_TOP_UP_COOLDOWN_MS = 60_000;

/** What one top-up buys: a catalog pack, or a number of credits at the catalog's credit value. */
export type AutoTopUpItem = { readonly pack: string } | { readonly credits: number };

/** One top-up, priced. */
export interface AutoTopUpPurchase {
  readonly packId: string | null;
  readonly credits: Credits;
  readonly amountCents: Cents;
}

/** Smallest charge a card network takes (Stripe's minimum in USD is 50 cents). */
export const MIN_TOP_UP_CENTS = 50;

/**
 * Prices a top-up: a pack at its catalog price; credits at the credit value, rounded up to the
 * cent. Refuses an unknown pack (`unknown_pack`, field `pack`) and a charge under the minimum
 * (field `credits` or `pack`).
 */
export function priceAutoTopUp(catalog: Catalog, item: AutoTopUpItem): Result<AutoTopUpPurchase> {
  if ('pack' in item) {
    const pack = findPack(catalog, item.pack);
    if (pack === undefined) return fail('unknown_pack', `no pack ${item.pack} in the catalog`, 'pack');
    if (pack.priceCents < MIN_TOP_UP_CENTS)
      return fail('invalid_request', `pack ${pack.id} costs under ${MIN_TOP_UP_CENTS} cents`, 'pack');
    return ok({ packId: pack.id, credits: pack.credits, amountCents: pack.priceCents });
  }
  const amount = ceilDiv(item.credits * catalog.creditValueMicros, 10_000);
  if (amount < MIN_TOP_UP_CENTS) {
    return fail(
      'invalid_request',
      `${item.credits} credits cost ${amount} cents; a card charge must be at least ${MIN_TOP_UP_CENTS}`,
      'credits',
    );
  }
  return ok({ packId: null, credits: credits(item.credits), amountCents: cents(amount) });
}

/** Everything the decision reads, loaded under the customer's lock. */
export interface AutoTopUpFacts {
  readonly enabled: boolean;
  /** Null when no rule is set. */
  readonly threshold: number | null;
  readonly amountCents: number | null;
  readonly monthlyLimitCents: number | null;
  readonly hasPaymentMethod: boolean;
  readonly inFlight: boolean;
  readonly lastAttemptAt: number | null;
  /** Credits the customer can spend now (balance − held). */
  readonly available: number;
  /** Cents of this calendar month's attempts in flight or succeeded. */
  readonly spentThisMonthCents: number;
  readonly now: number;
  readonly cooldownMs: number;
}

export type AutoTopUpBlock =
  | 'off'
  | 'no_payment_method'
  | 'above_threshold'
  | 'in_flight'
  | 'cooldown'
  | 'monthly_limit';

export type AutoTopUpDecision =
  | { readonly fire: true }
  | { readonly fire: false; readonly reason: AutoTopUpBlock };

/**
 * Whether to charge now: on, a card saved, available under the threshold, nothing in flight,
 * the cooldown past, and this top-up still within the monthly limit counting what is in flight.
 */
export function decideAutoTopUp(f: AutoTopUpFacts): AutoTopUpDecision {
  if (!f.enabled || f.threshold === null || f.amountCents === null || f.monthlyLimitCents === null)
    return { fire: false, reason: 'off' };
  if (!f.hasPaymentMethod) return { fire: false, reason: 'no_payment_method' };
  if (f.available >= f.threshold) return { fire: false, reason: 'above_threshold' };
  if (f.inFlight) return { fire: false, reason: 'in_flight' };
  if (f.lastAttemptAt !== null && f.now - f.lastAttemptAt < f.cooldownMs)
    return { fire: false, reason: 'cooldown' };
  if (f.spentThisMonthCents + f.amountCents > f.monthlyLimitCents)
    return { fire: false, reason: 'monthly_limit' };
  return { fire: true };
}

/** What a customer is shown: `active`, `needs_payment_method`, `failed` (turned off by a card) or `off`. */
export type AutoTopUpStatus = 'active' | 'needs_payment_method' | 'failed' | 'off';

export function describeAutoTopUpStatus(s: {
  readonly enabled: boolean;
  readonly hasPaymentMethod: boolean;
  readonly failedAt: number | null;
}): AutoTopUpStatus {
  if (s.enabled) return s.hasPaymentMethod ? 'active' : 'needs_payment_method';
  return s.failedAt === null ? 'off' : 'failed';
}
