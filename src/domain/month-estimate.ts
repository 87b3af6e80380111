/**
 * A month of work priced the way Tollgate charges it (issue 15's pricing calculator): each
 * line is quoted by `quoteGeneration`, the code behind `POST /v1/quotes`, and multiplied by how
 * many a month; then every plan is checked for what it would cost to cover that month — its
 * price plus the cheapest mix of packs for the credits it lacks — where the plan allows every
 * category used and its free-generation quota covers the free lines.
 */
import { type Catalog, findModel, type Pack, type Plan } from './catalog.ts';
import { type Cents, type Credits, cents, credits } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';
import { type GenerationParams, type PricingContext, quoteGeneration } from './pricing.ts';

/** Days a month of daily credits counts (MusicGen's free credit a day). */
export const DAYS_PER_MONTH = 30;
/** Largest count one line may ask for a month. */
export const MAX_MONTHLY_COUNT = 100_000;

export interface MonthLine {
  readonly modelId: string;
  readonly params: GenerationParams;
  /** Generations a month. */
  readonly count: number;
}

export interface PricedLine {
  readonly modelId: string;
  readonly modelName: string;
  readonly category: string;
  readonly count: number;
  readonly unitCredits: Credits;
  readonly credits: Credits;
  readonly free: boolean;
}

export interface PackUse {
  readonly packId: string;
  readonly count: number;
}

export interface PlanOption {
  readonly planId: string;
  readonly planName: string;
  readonly planPriceCents: Cents;
  /** Credits the plan grants in a month (monthly plus daily × 30). */
  readonly planCredits: Credits;
  readonly packs: readonly PackUse[];
  readonly packCents: Cents;
  readonly totalCents: Cents;
  /** Null when this plan cannot cover the month: a category it does not allow, or too few free generations. */
  readonly blockedBy: 'not_entitled' | 'free_quota' | 'no_packs' | null;
}

export interface MonthEstimate {
  readonly lines: readonly PricedLine[];
  readonly credits: Credits;
  readonly freeGenerations: number;
  /** One option per plan, in catalog order. */
  readonly options: readonly PlanOption[];
  /** The cheapest option that covers the month, or null when none does. */
  readonly best: PlanOption | null;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const DP_LIMIT = 200_000;

/** The cheapest packs whose credits add up to at least `needed` (any pack any number of times). */
export function findCheapestPackMix(packs: readonly Pack[], needed: number): PackUse[] | null {
  if (needed <= 0) return [];
  const usable = packs.filter((p) => p.credits > 0);
  if (usable.length === 0) return null;
  const step = usable.reduce((g, p) => gcd(g, p.credits), 0);
  const target = Math.ceil(needed / step);
  if (target > DP_LIMIT) {
    // Too large to search exactly: buy the best credits-per-cent pack throughout.
    const best = [...usable].sort((a, b) => a.priceCents * b.credits - b.priceCents * a.credits)[0] as Pack;
    return [{ packId: best.id, count: Math.ceil(needed / best.credits) }];
  }
  const cost = new Array<number>(target + 1).fill(Number.POSITIVE_INFINITY);
  const pick = new Array<number>(target + 1).fill(-1);
  cost[0] = 0;
  for (let t = 1; t <= target; t++) {
    usable.forEach((p, i) => {
      const prev = Math.max(0, t - p.credits / step);
      const c = (cost[prev] as number) + p.priceCents;
      if (c < (cost[t] as number)) {
        cost[t] = c;
        pick[t] = i;
      }
    });
  }
  const counts = new Map<string, number>();
  for (let t = target; t > 0; ) {
    const p = usable[pick[t] as number] as Pack;
    counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    t = Math.max(0, t - p.credits / step);
  }
  return usable
    .filter((p) => counts.has(p.id))
    .map((p) => ({ packId: p.id, count: counts.get(p.id) as number }));
}

function priceOption(
  catalog: Catalog,
  plan: Plan,
  lines: readonly PricedLine[],
  needed: Credits,
): PlanOption {
  const planCredits = credits(plan.monthlyCredits + plan.dailyCredits * DAYS_PER_MONTH);
  const base = { planId: plan.id, planName: plan.name, planPriceCents: plan.priceCents, planCredits };
  const used = lines.filter((l) => l.count > 0);
  const freeCount = used.filter((l) => l.free).reduce((n, l) => n + l.count, 0);
  const blocked = (blockedBy: PlanOption['blockedBy']): PlanOption => ({
    ...base,
    packs: [],
    packCents: cents(0),
    totalCents: plan.priceCents,
    blockedBy,
  });
  if (used.some((l) => !plan.entitlements.categories.includes(l.category))) return blocked('not_entitled');
  if (plan.freeGenerationsPerMonth !== null && freeCount > plan.freeGenerationsPerMonth)
    return blocked('free_quota');
  const mix = findCheapestPackMix(catalog.packs, needed - planCredits);
  if (mix === null) return blocked('no_packs');
  const packCents = mix.reduce((sum, m) => {
    const pack = catalog.packs.find((p) => p.id === m.packId) as Pack;
    return sum + pack.priceCents * m.count;
  }, 0);
  return {
    ...base,
    packs: mix,
    packCents: cents(packCents),
    totalCents: cents(plan.priceCents + packCents),
    blockedBy: null,
  };
}

/** Prices a month of `lines` and every plan's cost to cover it; refuses a line it cannot quote. */
export function estimateMonth(
  catalog: Catalog,
  lines: readonly MonthLine[],
  ctx: PricingContext,
): Result<MonthEstimate> {
  const priced: PricedLine[] = [];
  for (const [i, line] of lines.entries()) {
    if (!Number.isInteger(line.count) || line.count < 0 || line.count > MAX_MONTHLY_COUNT)
      return fail(
        'invalid_request',
        `count must be a whole number from 0 to ${MAX_MONTHLY_COUNT}`,
        `items[${i}].count`,
      );
    if (findModel(catalog, line.modelId) === undefined)
      return fail('unknown_model', `no model ${line.modelId} in the catalog`, `items[${i}].model`);
    const quote = quoteGeneration(catalog, line.modelId, { ...line.params, count: 1 }, ctx);
    if (!quote.ok) {
      const param = quote.error.param === undefined ? `items[${i}]` : `items[${i}].${quote.error.param}`;
      return fail(quote.error.code, quote.error.message, param);
    }
    const q = quote.value;
    priced.push({
      modelId: q.modelId,
      modelName: q.modelName,
      category: q.category,
      count: line.count,
      unitCredits: q.unitCredits,
      credits: credits(q.unitCredits * line.count),
      free: q.free,
    });
  }
  const total = credits(priced.reduce((sum, l) => sum + l.credits, 0));
  const options = catalog.plans.map((plan) => priceOption(catalog, plan, priced, total));
  const best =
    options
      .filter((o) => o.blockedBy === null)
      .sort((a, b) => a.totalCents - b.totalCents || b.planCredits - a.planCredits)[0] ?? null;
  return ok({
    lines: priced,
    credits: total,
    freeGenerations: priced.filter((l) => l.free).reduce((n, l) => n + l.count, 0),
    options,
    best,
  });
}
