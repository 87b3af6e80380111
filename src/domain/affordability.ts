/**
 * What a customer can still afford (issue 17 item 5): for every model (or one category), how
 * many more generations of each option (variant, duration step) fit in the credits available,
 * the free generations left and the plan's daily and monthly limits, said in product units
 * ("12 × 10 s clips, or 40 images with Stable Diffusion XL"). Prices come from
 * `quoteGeneration`, the code quotes and holds use, so the counts match what a hold would take.
 */
import type { Catalog, Model, Plan } from './catalog.ts';
import { type Credits, credits } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';
import { type GenerationParams, type PricingContext, quoteGeneration } from './pricing.ts';

/** What stops the count: credits, a plan limit, the free quota, the plan itself, or nothing. */
export type AffordLimit =
  | 'credits'
  | 'daily_limit'
  | 'monthly_limit'
  | 'free_generations'
  | 'not_entitled'
  | 'unlimited';

/** Room left under one quota of the plan (null = no such limit). */
export interface QuotaRoom {
  readonly key: string;
  readonly availableToday: number | null;
  readonly remainingThisMonth: number | null;
}

export interface AffordableOption {
  /** The variant or duration this option prices (`10s`), null for a model with one price. */
  readonly variant: string | null;
  /** The params a quote or hold of this option takes. */
  readonly params: GenerationParams;
  /** Credits for one generation. */
  readonly unitCredits: Credits;
  /** Generations the customer can still make; null = no limit at all. */
  readonly count: number | null;
  readonly limitedBy: AffordLimit;
  /** "12 × 10 s clips". */
  readonly text: string;
}

export interface ModelAffordability {
  readonly modelId: string;
  readonly modelName: string;
  readonly category: string;
  readonly free: boolean;
  readonly entitled: boolean;
  readonly options: readonly AffordableOption[];
  /** "24 × 5 s clips or 12 × 10 s clips with MusicGen". */
  readonly sentence: string;
}

export interface AffordabilityReport {
  /** Credits the customer may spend now (available plus any overdraft allowance). */
  readonly spendable: Credits;
  /** Free-model generations left this month; null when the plan does not count them. */
  readonly freeGenerationsLeft: number | null;
  /** Room under each category limit of the plan, today and this month. */
  readonly limits: readonly {
    category: string;
    availableToday: number | null;
    remainingThisMonth: number | null;
  }[];
  readonly models: readonly ModelAffordability[];
  /** The best of each category in one sentence. */
  readonly sentence: string;
}

export interface AffordabilityInput {
  readonly catalog: Catalog;
  readonly plan: Plan;
  readonly spendable: number;
  readonly quotas: readonly QuotaRoom[];
  readonly pricing: PricingContext;
  /** Only models of this category. */
  readonly category?: string;
  /** Only this model. */
  readonly modelId?: string;
}

const NOUNS: Readonly<Record<string, readonly [string, string]>> = {
  image: ['image', 'images'],
  video: ['clip', 'clips'],
  music: ['clip', 'clips'],
  audio: ['clip', 'clips'],
  text: ['reply', 'replies'],
};

/** "image"/"images" for a category; "generation(s)" when the catalog's category has no noun here. */
export function nameUnit(category: string, count: number): string {
  const [one, many] = NOUNS[category] ?? ['generation', 'generations'];
  return count === 1 ? one : many;
}

/** The params of each option a model sells: each variant, each duration step, or one request. */
function listOptions(model: Model): { variant: string | null; params: GenerationParams }[] {
  const p = model.pricing;
  switch (p.kind) {
    case 'variants':
      return p.variants.map((v) => ({ variant: v.name, params: { variant: v.name } }));
    case 'duration_steps':
      return p.steps.map((s) => ({ variant: `${s.seconds}s`, params: { duration: s.seconds } }));
    case 'per_second': {
      const lengths = [
        p.minSeconds,
        ...(p.maxSeconds !== null && p.maxSeconds !== p.minSeconds ? [p.maxSeconds] : []),
      ];
      return lengths.map((s) => ({ variant: `${s}s`, params: { duration: s } }));
    }
    case 'tokens':
      return [{ variant: null, params: { inputTokens: 0 } }];
    default:
      return [{ variant: null, params: {} }];
  }
}

/** 1480 → "1,480" (no locale lookup: the same text everywhere). */
function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "12 × 10 s clips", "40 images", "unlimited replies", "no 10 s clips". */
function describeCount(category: string, variant: string | null, count: number | null): string {
  const size = variant === null ? null : variant.replace(/^(\d+)s$/, '$1 s');
  if (count === null) return `unlimited ${size === null ? '' : `${size} `}${nameUnit(category, 2)}`;
  if (count === 0) return `no ${size === null ? '' : `${size} `}${nameUnit(category, 2)}`;
  const n = formatCount(count);
  return size === null ? `${n} ${nameUnit(category, count)}` : `${n} × ${size} ${nameUnit(category, count)}`;
}

/** Joins phrases as "a, b or c". */
function joinOr(parts: readonly string[], comma = false): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')}${comma ? ',' : ''} or ${parts.at(-1)}`;
}

/** The smallest of the counts that apply, and which one it was (first wins a tie). */
function pickLimit(candidates: readonly [AffordLimit, number | null][]): {
  count: number | null;
  limitedBy: AffordLimit;
} {
  let best: { count: number | null; limitedBy: AffordLimit } = { count: null, limitedBy: 'unlimited' };
  for (const [limitedBy, count] of candidates) {
    if (count !== null && (best.count === null || count < best.count)) best = { count, limitedBy };
  }
  return best;
}

function affordModel(
  input: AffordabilityInput,
  model: Model,
  rooms: Map<string, QuotaRoom>,
): Result<ModelAffordability> {
  const entitled = input.plan.entitlements.categories.includes(model.category);
  const limit = rooms.get(`category:${model.category}`);
  const freeRoom = rooms.get('free');
  const spendable = Math.max(0, input.spendable);
  const options: AffordableOption[] = [];
  for (const option of listOptions(model)) {
    const quote = quoteGeneration(input.catalog, model.id, option.params, input.pricing);
    if (!quote.ok) return quote;
    const unit = quote.value.unitCredits;
    const picked = !entitled
      ? { count: 0, limitedBy: 'not_entitled' as const }
      : pickLimit([
          ['credits', unit === 0 ? null : Math.floor(spendable / unit)],
          ['daily_limit', limit?.availableToday ?? null],
          ['monthly_limit', limit?.remainingThisMonth ?? null],
          ['free_generations', quote.value.free ? (freeRoom?.remainingThisMonth ?? null) : null],
        ]);
    options.push({
      variant: option.variant,
      params: option.params,
      unitCredits: unit,
      ...picked,
      text: describeCount(model.category, option.variant, picked.count),
    });
  }
  const sentence = entitled
    ? `${joinOr(options.map((o) => o.text))} with ${model.name}`
    : `${model.name} is not on the ${input.plan.name} plan`;
  return ok({
    modelId: model.id,
    modelName: model.name,
    category: model.category,
    free: model.pricing.kind === 'free',
    entitled,
    options,
    sentence,
  });
}

/** The sentence for the whole report: per category, the option the customer can make most of. */
function summarize(
  models: readonly ModelAffordability[],
  spendable: number,
  freeLeft: number | null,
): string {
  const best = new Map<string, { model: ModelAffordability; option: AffordableOption }>();
  for (const model of models) {
    if (model.free || !model.entitled) continue;
    for (const option of model.options) {
      const current = best.get(model.category);
      if (option.count === null || option.count === 0) continue;
      if (current === undefined || (current.option.count ?? 0) < option.count)
        best.set(model.category, { model, option });
    }
  }
  const parts = [...best.values()].map((b) => `${b.option.text} with ${b.model.modelName}`);
  const hasFree = models.some((m) => m.free && m.entitled);
  const free = !hasFree
    ? ''
    : freeLeft === null
      ? '; free models cost nothing'
      : `; plus ${formatCount(freeLeft)} free ${freeLeft === 1 ? 'generation' : 'generations'} this month`;
  const creditsWord = `${formatCount(spendable)} ${spendable === 1 ? 'credit' : 'credits'}`;
  if (parts.length === 0) return `With ${creditsWord} you cannot afford a paid generation${free}.`;
  return `With ${creditsWord} you can still make ${joinOr(parts, true)}${free}.`;
}

/**
 * How many more generations the customer can afford, per model and option. Refuses a category
 * or model the catalog does not have, naming the parameter.
 */
export function describeAffordability(input: AffordabilityInput): Result<AffordabilityReport> {
  const { catalog } = input;
  if (input.category !== undefined && !catalog.models.some((m) => m.category === input.category)) {
    const categories = [...new Set(catalog.models.map((m) => m.category))];
    return fail(
      'invalid_request',
      `no models of category ${JSON.stringify(input.category)} in the catalog`,
      'category',
      {
        categories,
      },
    );
  }
  if (input.modelId !== undefined && !catalog.models.some((m) => m.id === input.modelId)) {
    return fail(
      'unknown_model',
      `no model ${JSON.stringify(input.modelId)} in catalog ${catalog.id}`,
      'model',
      {
        models: catalog.models.map((m) => m.id),
      },
    );
  }
  const rooms = new Map(input.quotas.map((q) => [q.key, q]));
  const models: ModelAffordability[] = [];
  for (const model of catalog.models) {
    if (input.category !== undefined && model.category !== input.category) continue;
    if (input.modelId !== undefined && model.id !== input.modelId) continue;
    const afforded = affordModel(input, model, rooms);
    if (!afforded.ok) return afforded;
    models.push(afforded.value);
  }
  const freeGenerationsLeft = rooms.get('free')?.remainingThisMonth ?? null;
  const limits = input.quotas
    .filter((q) => q.key.startsWith('category:'))
    .map((q) => ({
      category: q.key.slice('category:'.length),
      availableToday: q.availableToday,
      remainingThisMonth: q.remainingThisMonth,
    }));
  const spendable = credits(Math.max(0, input.spendable));
  return ok({
    spendable,
    freeGenerationsLeft,
    limits,
    models,
    sentence: summarize(models, spendable, freeGenerationsLeft),
  });
}
