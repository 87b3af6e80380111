/**
 * Projections: burn rate over the last 7 and 30 days, days until the
 * balance runs out, projected use by the end of the period, and the cheapest plan or pack
 * that covers the gap. Also the "what would cover this" offers of an insufficient_credits
 * refusal. Estimates, so rates are plain numbers; amounts stay whole credits.
 */
import { DAY_MS } from './calendar.ts';
import type { Catalog } from './catalog.ts';
import { type Cents, type Credits, credits, ZERO_CREDITS } from './credits.ts';

/** A pack or plan offered to cover missing credits. */
export interface Offer {
  readonly kind: 'pack' | 'plan';
  readonly id: string;
  readonly name: string;
  readonly credits: Credits;
  readonly priceCents: Cents;
}

/** Packs, and plans other than the current one, that grant at least `needed`, cheapest first. */
export function findCoveringOffers(catalog: Catalog, needed: Credits, currentPlanId: string | null): Offer[] {
  const packs: Offer[] = catalog.packs
    .filter((p) => p.credits >= needed)
    .map((p) => ({ kind: 'pack', id: p.id, name: p.name, credits: p.credits, priceCents: p.priceCents }));
  const plans: Offer[] = catalog.plans
    .filter((p) => p.id !== currentPlanId && p.monthlyCredits >= needed)
    .map((p) => ({
      kind: 'plan',
      id: p.id,
      name: p.name,
      credits: p.monthlyCredits,
      priceCents: p.priceCents,
    }));
  return [...packs, ...plans].sort((a, b) => a.priceCents - b.priceCents || a.credits - b.credits);
}

export interface Projection {
  readonly used7d: Credits;
  readonly used30d: Credits;
  /** Average credits per day over the window. */
  readonly burnPerDay7d: number;
  readonly burnPerDay30d: number;
  /** Whole days until available reaches zero at the 7-day rate (30-day if 7 is zero); null = not burning. */
  readonly daysUntilEmpty: number | null;
  readonly projectedUseByPeriodEnd: Credits;
  /** Credits the projection runs short by the end of the period (0 = covered). */
  readonly projectedShortfall: Credits;
  readonly cheapestCover: Offer | null;
}

/** Projects a customer's use from their usage events (credits charged and when). */
export function projectUsage(input: {
  readonly usage: readonly { at: number; credits: number }[];
  readonly available: Credits;
  readonly now: number;
  readonly periodEnd: number;
  readonly catalog: Catalog;
  readonly currentPlanId: string | null;
}): Projection {
  const { now } = input;
  let used7 = 0;
  let used30 = 0;
  for (const u of input.usage) {
    if (u.at > now) continue;
    if (u.at > now - 30 * DAY_MS) used30 += u.credits;
    if (u.at > now - 7 * DAY_MS) used7 += u.credits;
  }
  used7 = Math.max(0, used7);
  used30 = Math.max(0, used30);
  const rateWindow = used7 > 0 ? { used: used7, days: 7 } : { used: used30, days: 30 };
  const available = Math.max(0, input.available);
  const daysUntilEmpty =
    rateWindow.used > 0 ? Math.floor((available * rateWindow.days) / rateWindow.used) : null;
  const msLeft = Math.max(0, input.periodEnd - now);
  const projected =
    rateWindow.used > 0 ? Math.ceil((rateWindow.used * msLeft) / (rateWindow.days * DAY_MS)) : 0;
  const shortfall = Math.max(0, projected - available);
  const cheapestCover =
    shortfall > 0
      ? (findCoveringOffers(input.catalog, credits(shortfall), input.currentPlanId)[0] ?? null)
      : null;
  return {
    used7d: credits(used7),
    used30d: credits(used30),
    burnPerDay7d: Math.round((used7 / 7) * 100) / 100,
    burnPerDay30d: Math.round((used30 / 30) * 100) / 100,
    daysUntilEmpty,
    projectedUseByPeriodEnd: credits(projected),
    projectedShortfall: shortfall === 0 ? ZERO_CREDITS : credits(shortfall),
    cheapestCover,
  };
}
