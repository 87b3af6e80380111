import { describe, expect, it } from 'vitest';
import {
  bulkPlan,
  pricingCatalog as catalog,
  wordTokens as ctx,
} from '../../test/support/pricing-fixture.ts';
import { credits, micros } from './credits.ts';
import {
  computeMarginPct,
  type GenerationParams,
  listAlternatives,
  listModelPrices,
  type Quote,
  quoteBatch,
  quoteGeneration,
} from './pricing.ts';

function quote(modelId: string, params: GenerationParams = {}): Quote {
  const result = quoteGeneration(catalog, modelId, params, ctx);
  if (!result.ok) throw new Error(`expected a quote, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function refusal(modelId: string, params: GenerationParams) {
  const result = quoteGeneration(catalog, modelId, params, ctx);
  if (result.ok) throw new Error(`expected a refusal, got ${result.value.credits} credits`);
  return { code: result.error.code, param: result.error.param };
}

describe('computeMarginPct', () => {
  it('computes (credits × value − cost) / cost × 100, 1150% for KIMI VL A3B (not the 900% its price table printed)', () => {
    expect(computeMarginPct(credits(1), micros(10_000), micros(800))).toBe(1150);
    expect(computeMarginPct(credits(20), micros(10_000), micros(170_000))).toBe(17.6);
  });
  it('is null when the cost is unknown or zero', () => {
    expect(computeMarginPct(credits(5), micros(10_000), null)).toBeNull();
    expect(computeMarginPct(credits(0), micros(10_000), micros(0))).toBeNull();
  });
  it('is negative when the price is below cost', () => {
    expect(computeMarginPct(credits(1), micros(10_000), micros(20_000))).toBe(-50);
  });
});

describe('quoteGeneration', () => {
  it('prices a free model at 0 credits and marks it free', () => {
    const q = quote('free-chat', { count: 3 });
    expect([q.credits, q.free, q.marginPct]).toEqual([0, true, null]);
  });

  it('multiplies a flat price and its cost by count', () => {
    const q = quote('flat-chat', { count: 4 });
    expect([q.credits, q.unitCredits, q.providerCostMicros, q.count]).toEqual([20, 5, 25_200, 4]);
    expect(q.catalogVersion).toBe('test-version');
  });

  it('prices variants by name, and picks the only variant when none is named', () => {
    expect(quote('clip-variants', { variant: '10s', count: 2 }).credits).toBe(120);
    expect(refusal('clip-variants', {})).toEqual({ code: 'invalid_request', param: 'params.variant' });
    expect(refusal('clip-variants', { variant: '7s' })).toEqual({
      code: 'parameter_out_of_range',
      param: 'params.variant',
    });
  });

  it('charges duration steps at the next step up and refuses above the last', () => {
    expect(quote('song-steps', { duration: 5 }).credits).toBe(1);
    expect(quote('song-steps', { duration: 7 }).credits).toBe(2);
    expect(quote('song-steps', { duration: 1 }).credits).toBe(1);
    expect(quote('song-steps', { duration: 10.5 }).credits).toBe(3);
    expect(quote('song-steps', { duration: 30 }).credits).toBe(5);
    expect(refusal('song-steps', { duration: 31 })).toEqual({
      code: 'parameter_out_of_range',
      param: 'params.duration',
    });
  });

  it('charges every started extra block above the last step when per_extra_seconds is set', () => {
    expect(quote('song-extra', { duration: 30 }).credits).toBe(6);
    expect(quote('song-extra', { duration: 31 }).credits).toBe(8);
    expect(quote('song-extra', { duration: 40 }).credits).toBe(8);
    expect(quote('song-extra', { duration: 41 }).credits).toBe(10);
    expect(quote('song-extra', { duration: 41 }).providerCostMicros).toBe(41_000);
  });

  it('prices per second with whole started seconds, a minimum and a maximum', () => {
    expect(quote('clip-seconds', { duration: 5 }).credits).toBe(300);
    expect(quote('clip-seconds', { duration: 4.2 }).units.seconds).toBe(5);
    expect(quote('clip-seconds', { duration: 1 }).credits).toBe(120);
    expect(quote('clip-seconds', { duration: 5 }).providerCostMicros).toBe(2_500_000);
    expect(refusal('clip-seconds', { duration: 9 })).toEqual({
      code: 'parameter_out_of_range',
      param: 'params.duration',
    });
    expect(refusal('clip-seconds', {})).toEqual({ code: 'invalid_request', param: 'params.duration' });
    expect(refusal('clip-seconds', { duration: 0 })).toEqual({
      code: 'invalid_request',
      param: 'params.duration',
    });
    expect(refusal('clip-seconds', { duration: Number.NaN })).toEqual({
      code: 'invalid_request',
      param: 'params.duration',
    });
  });

  it('prices tokens per 1,000 rounded up, with the minimum', () => {
    // (1000 × 2 + 500 × 6) / 1000 = 5
    expect(quote('token-chat', { inputTokens: 1000 }).credits).toBe(5);
    // (1001 × 2 + 500 × 6) / 1000 = 5.002 → 6
    expect(quote('token-chat', { inputTokens: 1001 }).credits).toBe(6);
    expect(quote('token-chat', { inputTokens: 0, outputTokens: 0 }).credits).toBe(1);
    expect(quote('token-chat', { inputTokens: 2000, outputTokens: 1000 }).providerCostMicros).toBe(900);
  });

  it('counts the prompt with the context’s tokenizer when input_tokens is not given', () => {
    const q = quote('token-chat', { prompt: 'four words right here', outputTokens: 0 });
    expect(q.units).toEqual({ inputTokens: 4, outputTokens: 0 });
    expect(quote('token-chat', { prompt: 'ignored words', inputTokens: 7 }).units.inputTokens).toBe(7);
    expect(refusal('token-chat', {})).toEqual({ code: 'invalid_request', param: 'params.input_tokens' });
  });

  it('refuses an unknown model naming `model`', () => {
    expect(refusal('nope', {})).toEqual({ code: 'unknown_model', param: 'model' });
  });

  it('refuses bad counts and token numbers naming the snake_case parameter', () => {
    expect(refusal('flat-chat', { count: 0 })).toEqual({ code: 'invalid_request', param: 'params.count' });
    expect(refusal('flat-chat', { count: 1.5 })).toEqual({ code: 'invalid_request', param: 'params.count' });
    expect(refusal('flat-chat', { count: 11 })).toEqual({
      code: 'parameter_out_of_range',
      param: 'params.count',
    });
    expect(refusal('token-chat', { inputTokens: -1 })).toEqual({
      code: 'invalid_request',
      param: 'params.input_tokens',
    });
    expect(refusal('token-chat', { inputTokens: 1, outputTokens: 2.5 })).toEqual({
      code: 'invalid_request',
      param: 'params.output_tokens',
    });
  });

  it('refuses a variant or duration the model is not priced by', () => {
    expect(refusal('flat-chat', { variant: '5s' })).toEqual({
      code: 'invalid_request',
      param: 'params.variant',
    });
    expect(refusal('clip-variants', { duration: 5 })).toEqual({
      code: 'invalid_request',
      param: 'params.duration',
    });
  });
});

describe('listAlternatives', () => {
  it('lists cheaper models of the same category, free first, with credits saved', () => {
    const result = listAlternatives(catalog, 'token-chat', { inputTokens: 1000, outputTokens: 1000 }, ctx);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((a) => [a.modelId, a.credits, a.creditsSaved, a.free])).toEqual([
      ['free-chat', 0, 8, true],
      ['flat-chat', 5, 3, false],
    ]);
  });

  it('prices with the same parameters where they apply, else the cheapest option', () => {
    const result = listAlternatives(catalog, 'clip-seconds', { duration: 5 }, ctx);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((a) => [a.modelId, a.credits, a.pricedOn])).toEqual([
      ['clip-variants', 30, 'same_params'],
    ]);
    const longer = listAlternatives(catalog, 'clip-seconds', { duration: 7 }, ctx);
    if (!longer.ok) throw new Error(longer.error.message);
    expect(longer.value.map((a) => [a.modelId, a.credits, a.pricedOn])).toEqual([
      ['clip-variants', 30, 'cheapest_option'],
    ]);
  });

  it('lists nothing for the cheapest model and refuses what the quote refuses', () => {
    const cheapest = listAlternatives(catalog, 'free-chat', {}, ctx);
    expect(cheapest.ok && cheapest.value).toEqual([]);
    const refused = listAlternatives(catalog, 'song-steps', { duration: 99 }, ctx);
    expect(refused.ok ? undefined : refused.error.param).toBe('params.duration');
  });
});

describe('quoteBatch', () => {
  it('sums the items and takes the plan’s discount rounded in the customer’s favour', () => {
    const result = quoteBatch(
      catalog,
      bulkPlan,
      [
        { modelId: 'flat-chat', params: { count: 3 } },
        { modelId: 'song-steps', params: { duration: 7 } },
      ],
      ctx,
    );
    if (!result.ok) throw new Error(result.error.message);
    // subtotal 17, 10% = 1.7 → 2 off
    expect([result.value.subtotal, result.value.discount, result.value.total]).toEqual([17, 2, 15]);
    expect(result.value.providerCostMicros).toBeNull();
    expect(result.value.items).toHaveLength(2);
  });

  it('refuses the whole batch when any item is refused, naming items[i]', () => {
    const result = quoteBatch(
      catalog,
      bulkPlan,
      [
        { modelId: 'flat-chat', params: {} },
        { modelId: 'song-steps', params: { duration: 31 } },
        { modelId: 'ghost', params: {} },
      ],
      ctx,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.param).toBe('items[1].params.duration');
    expect(((result.error.details?.errors ?? []) as { param: string }[]).map((e) => e.param)).toEqual([
      'items[1].params.duration',
      'items[2].model',
    ]);
  });

  it('refuses an empty batch', () => {
    const result = quoteBatch(catalog, bulkPlan, [], ctx);
    expect(result.ok ? undefined : result.error.param).toBe('items');
  });
});

describe('listModelPrices', () => {
  it('lists one row per price with provider cost and computed margin', () => {
    const rows = listModelPrices(catalog);
    const byKey = (id: string, variant: string | null) =>
      rows.find((r) => r.modelId === id && r.variant === variant);
    expect(byKey('clip-variants', '10s')).toMatchObject({
      credits: 60,
      providerCostMicros: 500_000,
      marginPct: 20,
    });
    expect(byKey('clip-seconds', null)).toMatchObject({ unit: 'second', credits: 60 });
    expect(byKey('song-extra', '+10s')).toMatchObject({
      unit: 'extra_seconds',
      credits: 2,
      providerCostMicros: 10_000,
    });
    expect(rows.filter((r) => r.modelId === 'song-steps').map((r) => r.variant)).toEqual([
      '5s',
      '10s',
      '15s',
      '30s',
    ]);
    expect(rows.filter((r) => r.modelId === 'token-chat').map((r) => r.unit)).toEqual([
      '1k_input_tokens',
      '1k_output_tokens',
      'minimum',
    ]);
  });
});
