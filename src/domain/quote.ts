/**
 * Quoting: what one generation costs in credits, what it costs us at the provider, and the
 * margin between them. Pure and integer-only; the per-kind rules (steps, seconds, tokens)
 * are in `price-rules.ts`; `pricing.ts` is the public face of pricing.
 */
import { type Catalog, findModel, type Model } from './catalog.ts';
import { type Credits, credits, type Micros, micros } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';
import { type PricingContext, priceOneGeneration, type QuoteUnits } from './price-rules.ts';

export type { PricingContext, QuoteUnits } from './price-rules.ts';

/** What a caller asks to generate. Fields that a model's pricing does not use are ignored, except
 *  `variant` and `duration`, which choose a price and are refused where they do not apply. */
export interface GenerationParams {
  readonly variant?: string;
  /** Seconds of output (video, music). */
  readonly duration?: number;
  /** How many generations (4 images); multiplies every kind of price. Default 1. */
  readonly count?: number;
  /** Text whose tokens are counted when `inputTokens` is not given. */
  readonly prompt?: string;
  readonly inputTokens?: number;
  /** Expected output tokens (the request's max_tokens); default: the model's. */
  readonly outputTokens?: number;
}

/** The price of one request, fixed at quote time and recorded with holds and charges. */
export interface Quote {
  readonly modelId: string;
  readonly modelName: string;
  readonly category: string;
  /** Total credits for the request (all `count` generations). */
  readonly credits: Credits;
  /** Credits for one generation. */
  readonly unitCredits: Credits;
  /** Total provider cost; null when the catalog does not know it. */
  readonly providerCostMicros: Micros | null;
  readonly marginPct: number | null;
  readonly free: boolean;
  readonly count: number;
  readonly units: QuoteUnits;
  readonly catalogVersion: string;
}

/** Largest number of tokens one request may declare; keeps every product a safe integer. */
export const MAX_TOKENS = 100_000_000;

/**
 * Margin in percent: (credits × credit value − provider cost) / provider cost × 100, rounded to
 * one decimal. Computed from the catalog's numbers, never typed in; null when
 * the provider cost is unknown or zero, where a percentage means nothing.
 */
export function computeMarginPct(
  creditsCharged: Credits,
  creditValueMicros: Micros,
  providerCostMicros: Micros | null,
): number | null {
  if (providerCostMicros === null || providerCostMicros <= 0) return null;
  const revenue = creditsCharged * creditValueMicros;
  return Math.round(((revenue - providerCostMicros) * 1000) / providerCostMicros) / 10;
}

function checkCount(model: Model, count: unknown): Result<number> {
  if (count === undefined) return ok(1);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    return fail('invalid_request', `count must be a positive integer, got ${String(count)}`, 'params.count');
  }
  if (count > model.maxCount) {
    return fail(
      'parameter_out_of_range',
      `count ${count} is above the most ${model.id} makes in one request (${model.maxCount})`,
      'params.count',
      { max: model.maxCount },
    );
  }
  return ok(count);
}

function checkTokens(value: unknown, param: string): Result<undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    return fail(
      'invalid_request',
      `${param} must be a non-negative integer, got ${String(value)}`,
      `params.${param}`,
    );
  }
  if (value > MAX_TOKENS) {
    return fail('parameter_out_of_range', `${param} must be at most ${MAX_TOKENS}`, `params.${param}`, {
      max: MAX_TOKENS,
    });
  }
  return ok(undefined);
}

function checkApplies(model: Model, params: GenerationParams): Result<undefined> {
  const kind = model.pricing.kind;
  if (params.variant !== undefined && kind !== 'variants') {
    return fail('invalid_request', `${model.id} has no variants (it is priced ${kind})`, 'params.variant');
  }
  if (params.duration !== undefined && kind !== 'per_second' && kind !== 'duration_steps') {
    const hint = kind === 'variants' ? '; choose a variant instead' : '';
    return fail('invalid_request', `${model.id} is not priced by duration${hint}`, 'params.duration');
  }
  if (params.prompt !== undefined && typeof params.prompt !== 'string') {
    return fail('invalid_request', 'prompt must be a string', 'params.prompt');
  }
  return ok(undefined);
}

/**
 * Quotes one request: credits, provider cost and margin for `count` generations of a model.
 * Refusals name the parameter at fault in the API's words (`model`, `params.duration`, ...):
 * an unknown model, a variant or duration the model does not offer, malformed numbers.
 */
export function quoteGeneration(
  catalog: Catalog,
  modelId: string,
  params: GenerationParams,
  ctx: PricingContext,
): Result<Quote> {
  const model = findModel(catalog, modelId);
  if (model === undefined) {
    return fail('unknown_model', `no model ${JSON.stringify(modelId)} in catalog ${catalog.id}`, 'model', {
      models: catalog.models.map((m) => m.id),
    });
  }
  const count = checkCount(model, params.count);
  if (!count.ok) return count;
  for (const check of [
    checkApplies(model, params),
    checkTokens(params.inputTokens, 'input_tokens'),
    checkTokens(params.outputTokens, 'output_tokens'),
  ]) {
    if (!check.ok) return check;
  }
  const one = priceOneGeneration(model, params, ctx);
  if (!one.ok) return one;
  const total = credits(one.value.credits * count.value);
  const cost =
    one.value.providerCostMicros === null ? null : micros(one.value.providerCostMicros * count.value);
  return ok({
    modelId: model.id,
    modelName: model.name,
    category: model.category,
    credits: total,
    unitCredits: one.value.credits,
    providerCostMicros: cost,
    marginPct: computeMarginPct(total, catalog.creditValueMicros, cost),
    free: model.pricing.kind === 'free',
    count: count.value,
    units: one.value.units,
    catalogVersion: catalog.version,
  });
}
