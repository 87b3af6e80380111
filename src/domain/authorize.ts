/**
 * The authorize decision (issue 13 item 1): whether a priced request may be held for a
 * customer, decided on the customer as loaded and settled, and if so what the hold takes. The
 * checks run in the order their refusals are answered: the plan includes the model's category
 * (`not_entitled`), the customer is under the catalog's active hold cap (`too_many_holds`),
 * every quota the request falls under has room (`quota_exceeded`), and the credits cover it
 * (`insufficient_credits`): a parent hold's budget left for a child, otherwise the lots that
 * outlive every active hold, less what is held, plus the overdraft limit.
 *
 * Authorize applies the plan this answers (`engine/holds.ts`); a quote answers the same
 * decision on the same figures without applying it (`engine/quotes.ts`), so the two cannot
 * disagree.
 */
import { checkChildFits, computeChildExpiry } from './budgets.ts';
import type { Catalog, Plan } from './catalog.ts';
import { type Credits, credits } from './credits.ts';
import { type DomainError, fail, ok, type Result } from './errors.ts';
import { checkHoldFits, computeHoldExpiry, computeSpendable } from './holds.ts';
import type { Quote } from './pricing.ts';
import { findCoveringOffers, type Offer } from './projections.ts';
import {
  createQuotaState,
  FREE_QUOTA_KEY,
  findQuotaLimit,
  listQuotaKeys,
  type QuotaLimit,
  type QuotaState,
  takeQuota,
} from './quota.ts';

/** Active holds a customer may have when the catalog does not say (catalogs stored before the cap). */
export const DEFAULT_MAX_ACTIVE_HOLDS = 1000;

/** The active hold cap of a catalog. */
export function findHoldCap(catalog: Pick<Catalog, 'maxActiveHolds'>): number {
  return catalog.maxActiveHolds ?? DEFAULT_MAX_ACTIVE_HOLDS;
}

/** The parent hold a child draws from, as the decision needs it. */
export interface ParentBudget {
  readonly id: string;
  /** What the parent has left (its `credits`: no child took them). */
  readonly left: Credits;
  readonly expiresAt: number;
}

/** A settled customer and a priced request, as the decision sees them (no I/O behind them). */
export interface AuthorizeView {
  readonly now: number;
  readonly customerId: string;
  readonly catalog: Catalog;
  /** The customer's plan in `catalog`. */
  readonly plan: Plan;
  readonly quote: Quote;
  readonly ttlSeconds: number;
  /** Active holds after settling: how many (counted at least up to the cap) and the latest expiry (0 = none). */
  readonly activeHolds: { readonly count: number; readonly maxExpiresAt: number };
  /** The stored state of each quota key the request falls under (missing = never used). */
  readonly quotas: ReadonlyMap<string, QuotaState>;
  /** For a child hold: the parent it draws from. Null: the hold draws on the customer's lots. */
  readonly parent: ParentBudget | null;
  /**
   * Credits of the lots live at `findCoverInstant(...)` (the new hold's expiry or the latest
   * active hold's, whichever is later). Unused for a child.
   */
  readonly balanceAtCover: Credits;
  readonly held: Credits;
  readonly overdraftLimit: Credits;
}

/** One quota the hold takes: its key, its new state, and what a void gives back. */
export interface QuotaTakePlan {
  readonly key: string;
  readonly state: QuotaState;
  readonly count: number;
  readonly month: string;
}

/** What authorize applies: the hold's expiry and the quotas it takes. */
export interface AuthorizePlan {
  readonly expiresAt: number;
  readonly quotas: readonly QuotaTakePlan[];
}

export type AuthorizeRefusal = DomainError<
  'not_entitled' | 'too_many_holds' | 'quota_exceeded' | 'insufficient_credits'
>;

/**
 * The instant a new hold's credits must still be live at: lots that die before it (or before
 * an active hold placed earlier ends) cannot back it. The loader reads the balance at it.
 */
export function findCoverInstant(now: number, ttlSeconds: number, maxActiveExpiresAt: number): number {
  return Math.max(computeHoldExpiry(now, ttlSeconds), maxActiveExpiresAt);
}

/** Whether the plan includes the category; a refusal names the plans that do. */
export function checkEntitled(
  catalog: Catalog,
  plan: Plan,
  category: string,
): Result<true, DomainError<'not_entitled'>> {
  if (plan.entitlements.categories.includes(category)) return ok(true);
  const plans = catalog.plans.filter((p) => p.entitlements.categories.includes(category)).map((p) => p.id);
  return fail('not_entitled', `plan ${plan.id} does not include ${category} models`, 'model', { plans });
}

function takeQuotas(view: AuthorizeView): Result<QuotaTakePlan[], DomainError<'quota_exceeded'>> {
  const { plan, quote, now } = view;
  const taken: QuotaTakePlan[] = [];
  for (const key of listQuotaKeys(plan, quote)) {
    const limit = findQuotaLimit(plan, key) as QuotaLimit;
    const current = view.quotas.get(key) ?? createQuotaState(limit, now);
    const name = key === FREE_QUOTA_KEY ? 'free generations' : `${quote.category} generations`;
    const next = takeQuota(current, limit, quote.count, now, name);
    if (!next.ok) return next;
    taken.push({ key, state: next.value, count: quote.count, month: next.value.month });
  }
  return ok(taken);
}

/** The credits a hold on the lots may draw on: the balance live at the cover instant, less what is held, plus the overdraft limit. */
export function computeCoverable(view: AuthorizeView): Credits {
  return computeSpendable({
    balance: view.balanceAtCover,
    held: view.held,
    overdraftLimit: view.overdraftLimit,
  });
}

/**
 * Whether the lots cover a hold of the request, whatever the other checks answer; a refusal
 * says what is required, available and missing, and the packs and plans that would cover it.
 */
export function checkCreditsCover(view: AuthorizeView): Result<true, DomainError<'insufficient_credits'>> {
  const { quote } = view;
  const fits = checkHoldFits(
    { balance: view.balanceAtCover, held: view.held, overdraftLimit: view.overdraftLimit },
    quote.credits,
  );
  if (fits.ok) return fits;
  const offers: Offer[] = findCoveringOffers(view.catalog, findShortfall(fits, quote.credits), view.plan.id);
  return fail('insufficient_credits', fits.error.message, 'model', { ...fits.error.details, offers });
}

/**
 * Decides an authorize: the plan to apply, or the refusal authorize answers. An
 * `insufficient_credits` refusal carries `required`, `available`, `shortfall` and, for a hold
 * on the lots, the packs and plans that would cover the shortfall (`offers`).
 */
export function decideAuthorize(view: AuthorizeView): Result<AuthorizePlan, AuthorizeRefusal> {
  const { catalog, plan, quote, now } = view;
  const entitled = checkEntitled(catalog, plan, quote.category);
  if (!entitled.ok) return entitled;
  const cap = findHoldCap(catalog);
  if (view.activeHolds.count >= cap) {
    return fail(
      'too_many_holds',
      `customer ${view.customerId} has ${cap} active holds, the most allowed`,
      'customer',
      { max_active_holds: cap },
    );
  }
  const quotas = takeQuotas(view);
  if (!quotas.ok) return quotas;
  const wanted = computeHoldExpiry(now, view.ttlSeconds);
  if (view.parent !== null) {
    const fits = checkChildFits(view.parent.id, view.parent.left, quote.credits);
    if (!fits.ok) return fits;
    return ok({ expiresAt: computeChildExpiry(wanted, view.parent.expiresAt), quotas: quotas.value });
  }
  const fits = checkCreditsCover(view);
  if (!fits.ok) return fits;
  return ok({ expiresAt: wanted, quotas: quotas.value });
}

/** Credits an answer says are missing: an `insufficient_credits` refusal's shortfall, else 0. */
export function findShortfall(answer: Result<unknown>, required: Credits): Credits {
  if (answer.ok || answer.error.code !== 'insufficient_credits') return credits(0);
  return credits(Number(answer.error.details?.shortfall ?? required));
}
