/**
 * Cheaper alternatives to a requested model ("suggestions"): models of the
 * same category that cost fewer credits, free ones first, each with the credits it saves.
 */
import type { Catalog, Model } from './catalog.ts';
import { type Credits, credits } from './credits.ts';
import type { Result } from './errors.ts';
import { ok } from './errors.ts';
import type { PricingContext } from './price-rules.ts';
import { type GenerationParams, type Quote, quoteGeneration } from './quote.ts';

/** A cheaper model for the same request. */
export interface Alternative {
  readonly modelId: string;
  readonly modelName: string;
  readonly credits: Credits;
  /** Credits saved against the requested model's quote. */
  readonly creditsSaved: Credits;
  readonly free: boolean;
  /** `same_params`: priced with the request's own parameters; `cheapest_option`: they did not
   *  apply to this model, so its cheapest option is shown ("from N credits"). */
  readonly pricedOn: 'same_params' | 'cheapest_option';
  readonly quote: Quote;
}

const SECONDS_VARIANT = /^(\d+)s$/;

/**
 * The request's parameters as they apply to `model` (a `10s` variant and a 10 s duration
 * translate); `exact` is false when a variant or duration had to be dropped.
 */
function adaptParams(model: Model, params: GenerationParams): { params: GenerationParams; exact: boolean } {
  const { variant, duration, ...rest } = params;
  const asked = variant !== undefined || duration !== undefined;
  const pricing = model.pricing;
  if (pricing.kind === 'variants') {
    const wanted = variant ?? (duration === undefined ? undefined : `${Math.ceil(duration)}s`);
    return wanted !== undefined && pricing.variants.some((v) => v.name === wanted)
      ? { params: { ...rest, variant: wanted }, exact: true }
      : { params: rest, exact: !asked };
  }
  if (pricing.kind === 'per_second' || pricing.kind === 'duration_steps') {
    const fromVariant = variant === undefined ? undefined : SECONDS_VARIANT.exec(variant)?.[1];
    const seconds = duration ?? (fromVariant === undefined ? undefined : Number(fromVariant));
    return seconds === undefined
      ? { params: rest, exact: false }
      : { params: { ...rest, duration: seconds }, exact: true };
  }
  return { params: rest, exact: true };
}

/** Parameters that give `model`'s cheapest option for `count` generations. */
function cheapestParams(model: Model, count: number): GenerationParams {
  const pricing = model.pricing;
  switch (pricing.kind) {
    case 'variants': {
      const cheapest = [...pricing.variants].sort((a, b) => a.credits - b.credits)[0];
      return cheapest === undefined ? { count } : { count, variant: cheapest.name };
    }
    case 'per_second':
      return { count, duration: pricing.minSeconds };
    case 'duration_steps':
      return { count, duration: pricing.steps[0]?.seconds ?? 1 };
    case 'tokens':
      return { count, inputTokens: 0, outputTokens: 0 };
    default:
      return { count };
  }
}

function quoteAlternative(
  catalog: Catalog,
  model: Model,
  params: GenerationParams,
  count: number,
  ctx: PricingContext,
): { quote: Quote; pricedOn: Alternative['pricedOn'] } | undefined {
  const adapted = adaptParams(model, params);
  const same = quoteGeneration(catalog, model.id, { ...adapted.params, count }, ctx);
  if (same.ok) return { quote: same.value, pricedOn: adapted.exact ? 'same_params' : 'cheapest_option' };
  const cheapest = quoteGeneration(catalog, model.id, cheapestParams(model, count), ctx);
  return cheapest.ok ? { quote: cheapest.value, pricedOn: 'cheapest_option' } : undefined;
}

/**
 * Lists models of the requested model's category that would cost fewer credits for the same
 * request: free first, then ascending credits. Refuses exactly when the request itself is refused.
 */
export function listAlternatives(
  catalog: Catalog,
  modelId: string,
  params: GenerationParams,
  ctx: PricingContext,
): Result<Alternative[]> {
  const requested = quoteGeneration(catalog, modelId, params, ctx);
  if (!requested.ok) return requested;
  const base = requested.value;
  const alternatives: Alternative[] = [];
  for (const model of catalog.models) {
    if (model.id === base.modelId || model.category !== base.category) continue;
    const priced = quoteAlternative(catalog, model, params, base.count, ctx);
    if (priced === undefined || priced.quote.credits >= base.credits) continue;
    alternatives.push({
      modelId: model.id,
      modelName: model.name,
      credits: priced.quote.credits,
      creditsSaved: credits(base.credits - priced.quote.credits),
      free: priced.quote.free,
      pricedOn: priced.pricedOn,
      quote: priced.quote,
    });
  }
  alternatives.sort(
    (a, b) => Number(b.free) - Number(a.free) || a.credits - b.credits || a.modelId.localeCompare(b.modelId),
  );
  return ok(alternatives);
}

/** Suggestions a request gets unless it asks for another number (`max_alternatives`). */
export const DEFAULT_ALTERNATIVES = 3;
/** The most suggestions a request may ask for. */
export const MAX_ALTERNATIVES = 10;

/** What a customer can use of the suggestions right now. */
export interface SuggestionLimits {
  /** At most this many. */
  readonly max: number;
  /** Free-model generations the customer has left this month; null or absent = no limit. */
  readonly freeLeft?: number | null;
  /** Credits the customer can spend now; when given, only alternatives that fit are kept. */
  readonly spendable?: number;
}

/**
 * Keeps the alternatives a customer could actually run: no free model once the free-generation
 * quota cannot take the request's count, none above what they can spend now (when known), at
 * most `max`, in the list's order (free first, then cheapest).
 */
export function pickAlternatives(list: readonly Alternative[], limits: SuggestionLimits): Alternative[] {
  const freeLeft = limits.freeLeft ?? null;
  return list
    .filter((a) => !(a.free && freeLeft !== null && freeLeft < a.quote.count))
    .filter((a) => limits.spendable === undefined || a.credits <= limits.spendable)
    .slice(0, Math.max(0, limits.max));
}
