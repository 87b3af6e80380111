/**
 * Customer API keys' monthly credit caps. The cap counts at authorize: used = credits charged
 * to the customer this calendar month (UTC) + credits the customer holds now. A request is
 * refused when it asks for more than is left; a commit's overage beyond its hold stops where
 * the cap does (the hold itself was counted when it was placed).
 */
import { startOfNextMonth } from './calendar.ts';
import { type Credits, credits } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';

/** Where a customer stands under a key's monthly cap. */
export interface CapStanding {
  readonly monthly: number;
  /** Charged this calendar month plus held now. */
  readonly used: number;
  readonly remaining: number;
  /** When the month's charges stop counting (start of the next UTC month). */
  readonly resetsAt: number;
}

/** Measures a customer against a monthly cap from this month's charges and what is held now. */
export function standUnderCap(input: {
  readonly cap: number;
  readonly chargedThisMonth: number;
  readonly held: number;
  readonly now: number;
}): CapStanding {
  const used = input.chargedThisMonth + input.held;
  return {
    monthly: input.cap,
    used,
    remaining: Math.max(0, input.cap - used),
    resetsAt: startOfNextMonth(input.now),
  };
}

/** Admits a request for `requested` credits under the cap, or refuses it with `credit_cap_reached`. */
export function checkCap(standing: CapStanding, requested: number, keyPrefix: string): Result<true> {
  if (requested <= standing.remaining) return ok(true);
  return fail(
    'credit_cap_reached',
    `this request needs ${requested} credits but API key ${keyPrefix}… has ${standing.remaining} left of its monthly cap of ${standing.monthly}`,
    'Authorization',
    {
      monthlyCap: standing.monthly,
      used: standing.used,
      remaining: standing.remaining,
      requested,
      resetsAt: standing.resetsAt,
    },
  );
}

/** The most a commit of a hold of `holdCredits` placed with a capped key may charge. */
export function capCharge(charged: Credits, holdCredits: number, standing: CapStanding): Credits {
  if (charged <= holdCredits) return charged;
  return credits(Math.min(charged, holdCredits + standing.remaining));
}
