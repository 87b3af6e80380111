/**
 * The price of ONE generation under each pricing kind: flat, variants,
 * per second, duration steps (next step up; above the last refused unless per_extra_seconds),
 * tokens (per 1,000, rounded up, with a minimum) and free. Integers only; `count` and the
 * checks shared by every kind are applied by `quoteGeneration`.
 */
import type { Model, Pricing } from './catalog.ts';
import { type Credits, ceilDiv, credits, type Micros, micros, ZERO_CREDITS } from './credits.ts';
import { fail, ok, type Result } from './errors.ts';

/** Counts tokens the way the provider will (a real tokenizer, supplied from outside the domain). */
export interface PricingContext {
  countTokens(text: string): number;
}

/** What a quote was priced on: the variant, the billed seconds, the token counts. */
export interface QuoteUnits {
  readonly variant?: string;
  readonly seconds?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** Credits and provider cost of one generation, and the units they were computed from. */
export interface UnitPrice {
  readonly credits: Credits;
  readonly providerCostMicros: Micros | null;
  readonly units: QuoteUnits;
}

/** Longest duration anyone may ask for (a day); keeps per-second products safe integers. */
export const MAX_DURATION_SECONDS = 86_400;

type PricingOf<K extends Pricing['kind']> = Extract<Pricing, { kind: K }>;

function readDuration(model: Model, duration: number | undefined): Result<number> {
  if (duration === undefined) {
    return fail(
      'invalid_request',
      `${model.id} is priced by duration: give a duration in seconds`,
      'params.duration',
    );
  }
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0) {
    return fail(
      'invalid_request',
      `duration must be a positive number of seconds, got ${String(duration)}`,
      'params.duration',
    );
  }
  if (duration > MAX_DURATION_SECONDS) {
    return fail(
      'parameter_out_of_range',
      `duration must be at most ${MAX_DURATION_SECONDS} s`,
      'params.duration',
      {
        max: MAX_DURATION_SECONDS,
      },
    );
  }
  return ok(Math.ceil(duration));
}

function costTimes(perUnit: Micros | null, units: number): Micros | null {
  return perUnit === null ? null : micros(perUnit * units);
}

function priceVariant(
  model: Model,
  pricing: PricingOf<'variants'>,
  name: string | undefined,
): Result<UnitPrice> {
  const names = pricing.variants.map((v) => v.name);
  const only = pricing.variants.length === 1 ? pricing.variants[0] : undefined;
  const variant = name === undefined ? only : pricing.variants.find((v) => v.name === name);
  if (variant === undefined && name === undefined) {
    return fail(
      'invalid_request',
      `${model.id} needs a variant: one of ${names.join(', ')}`,
      'params.variant',
      {
        variants: names,
      },
    );
  }
  if (variant === undefined) {
    return fail(
      'parameter_out_of_range',
      `${model.id} has no variant ${JSON.stringify(name)}; choose one of ${names.join(', ')}`,
      'params.variant',
      { variants: names },
    );
  }
  return ok({
    credits: variant.credits,
    providerCostMicros: variant.providerCostMicros,
    units: { variant: variant.name },
  });
}

function pricePerSecond(
  model: Model,
  pricing: PricingOf<'per_second'>,
  duration: number | undefined,
): Result<UnitPrice> {
  const asked = readDuration(model, duration);
  if (!asked.ok) return asked;
  if (pricing.maxSeconds !== null && asked.value > pricing.maxSeconds) {
    return fail(
      'parameter_out_of_range',
      `${model.id} makes at most ${pricing.maxSeconds} s, asked for ${String(duration)} s`,
      'params.duration',
      { max: pricing.maxSeconds },
    );
  }
  const seconds = Math.max(pricing.minSeconds, asked.value);
  return ok({
    credits: credits(pricing.creditsPerSecond * seconds),
    providerCostMicros: costTimes(pricing.providerCostMicrosPerSecond, seconds),
    units: { seconds },
  });
}

function priceSteps(
  model: Model,
  pricing: PricingOf<'duration_steps'>,
  duration: number | undefined,
): Result<UnitPrice> {
  const asked = readDuration(model, duration);
  if (!asked.ok) return asked;
  const seconds = asked.value;
  const cost = costTimes(pricing.providerCostMicrosPerSecond, seconds);
  const step = pricing.steps.find((s) => s.seconds >= seconds);
  if (step !== undefined) return ok({ credits: step.credits, providerCostMicros: cost, units: { seconds } });
  const last = pricing.steps[pricing.steps.length - 1];
  const extra = pricing.perExtraSeconds;
  if (last === undefined || extra === null) {
    const longest = last?.seconds ?? 0;
    return fail(
      'parameter_out_of_range',
      `${String(duration)} s is above the longest ${model.id} option (${longest} s)`,
      'params.duration',
      { max: longest },
    );
  }
  const blocks = ceilDiv(seconds - last.seconds, extra.seconds);
  return ok({
    credits: credits(last.credits + blocks * extra.credits),
    providerCostMicros: cost,
    units: { seconds },
  });
}

function priceTokens(
  model: Model,
  pricing: PricingOf<'tokens'>,
  params: { prompt?: string; inputTokens?: number; outputTokens?: number },
  ctx: PricingContext,
): Result<UnitPrice> {
  const inputTokens =
    params.inputTokens ?? (params.prompt === undefined ? undefined : ctx.countTokens(params.prompt));
  if (inputTokens === undefined) {
    return fail(
      'invalid_request',
      `${model.id} is priced by tokens: give input_tokens or a prompt`,
      'params.input_tokens',
    );
  }
  const outputTokens = params.outputTokens ?? pricing.defaultOutputTokens;
  const byTokens = ceilDiv(
    inputTokens * pricing.inputCreditsPer1k + outputTokens * pricing.outputCreditsPer1k,
    1000,
  );
  const costIn = pricing.providerCostMicrosPer1kInput;
  const costOut = pricing.providerCostMicrosPer1kOutput;
  return ok({
    credits: credits(Math.max(pricing.minimumCredits, byTokens)),
    providerCostMicros:
      costIn === null || costOut === null
        ? null
        : micros(ceilDiv(inputTokens * costIn + outputTokens * costOut, 1000)),
    units: { inputTokens, outputTokens },
  });
}

/** Prices one generation of `model` with `params`; refusals name the parameter at fault. */
export function priceOneGeneration(
  model: Model,
  params: {
    variant?: string;
    duration?: number;
    prompt?: string;
    inputTokens?: number;
    outputTokens?: number;
  },
  ctx: PricingContext,
): Result<UnitPrice> {
  const pricing = model.pricing;
  switch (pricing.kind) {
    case 'free':
      return ok({ credits: ZERO_CREDITS, providerCostMicros: micros(0), units: {} });
    case 'flat':
      return ok({ credits: pricing.credits, providerCostMicros: pricing.providerCostMicros, units: {} });
    case 'variants':
      return priceVariant(model, pricing, params.variant);
    case 'per_second':
      return pricePerSecond(model, pricing, params.duration);
    case 'duration_steps':
      return priceSteps(model, pricing, params.duration);
    case 'tokens':
      return priceTokens(model, pricing, params, ctx);
  }
}
