/**
 * What the customer's plan allows, in the customer's words: which plans include a model's
 * category, and whether a quota (the plan's daily or monthly limit, the free plan's free
 * generations) is used up and when it frees. Pure functions over the kit's types.
 */
import type { KitCatalog, KitCustomer, KitPlan, KitQuota } from './types.ts';

const PLURALS: Readonly<Record<string, string>> = {
  video: 'videos',
  image: 'images',
  text: 'text generations',
  music: 'tracks',
  audio: 'clips',
};

/** `video` → `videos`, `image` → `images`; other categories as "<x> generations". */
export function pluralCategory(category: string): string {
  return PLURALS[category] ?? `${category} generations`;
}

/** The plans (cheapest first) that include a category. */
export function plansIncluding(catalog: KitCatalog | null, category: string): KitPlan[] {
  return (catalog?.plans ?? [])
    .filter((p) => p.categories.includes(category))
    .sort((a, b) => a.priceCents - b.priceCents);
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The quota a request of this category (or a free model) counts against, if the plan has one. */
export function findQuota(customer: KitCustomer | null, category: string, free: boolean): KitQuota | null {
  const quotas = customer?.quotas ?? [];
  return quotas.find((q) => q.key === (free ? 'free' : `category:${category}`)) ?? null;
}

/** How many a day the quota allows at most (its burst, else its daily number). */
export function dailyCapacity(q: KitQuota): number | null {
  return q.burst ?? q.perDay;
}

export interface UsedUp {
  readonly which: 'daily' | 'monthly';
  readonly limit: number;
  /** "in about 5 hours", "when your plan renews". */
  readonly frees: string;
}

/** Whether a quota is used up, and when more frees up; null while it has room. */
export function describeUsedUp(q: KitQuota | null): UsedUp | null {
  if (q === null) return null;
  if (q.remainingThisMonth !== null && q.remainingThisMonth <= 0) {
    return { which: 'monthly', limit: q.perMonth ?? 0, frees: 'when your plan renews next month' };
  }
  if (q.availableToday !== null && q.availableToday <= 0) {
    // The daily limit refills evenly over the day: one more every 24 / per_day hours.
    const hours = q.perDay === null || q.perDay <= 0 ? 24 : Math.max(1, Math.ceil(24 / q.perDay));
    return {
      which: 'daily',
      limit: dailyCapacity(q) ?? 0,
      frees: `within about ${hours} hour${hours === 1 ? '' : 's'}`,
    };
  }
  return null;
}

/** "3 of 5 videos today" for a daily limit, "12 of 50 free generations this month" for a monthly one. */
export function describeQuotaUse(q: KitQuota): string | null {
  const name = q.key === 'free' ? 'free generations' : pluralCategory(q.key.replace(/^category:/, ''));
  const cap = dailyCapacity(q);
  if (cap !== null && q.availableToday !== null) {
    return `${Math.max(0, cap - q.availableToday)} of ${cap} ${name} today`;
  }
  if (q.perMonth !== null) return `${q.usedThisMonth} of ${q.perMonth} ${name} this month`;
  return null;
}
