import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pricingCatalog as catalog, wordTokens as ctx } from '../../test/support/pricing-fixture.ts';
import { type GenerationParams, quoteGeneration } from './pricing.ts';

/** Credits of a quote, or undefined when refused. */
function creditsOf(modelId: string, params: GenerationParams): number | undefined {
  const result = quoteGeneration(catalog, modelId, params, ctx);
  return result.ok ? result.value.credits : undefined;
}

const modelIds = fc.constantFrom(...catalog.models.map((m) => m.id));
const params = fc.record(
  {
    variant: fc.constantFrom('5s', '10s', '7s'),
    duration: fc.oneof(fc.integer({ min: -5, max: 60 }), fc.double({ min: 0, max: 60, noNaN: true })),
    count: fc.integer({ min: -1, max: 12 }),
    prompt: fc.string(),
    inputTokens: fc.integer({ min: 0, max: 1_000_000 }),
    outputTokens: fc.integer({ min: 0, max: 1_000_000 }),
  },
  { requiredKeys: [] },
);

describe('pricing properties', () => {
  it('a quote is a non-negative safe integer, and zero only for free models', () => {
    fc.assert(
      fc.property(modelIds, params, (modelId, p) => {
        const result = quoteGeneration(catalog, modelId, p, ctx);
        if (!result.ok) return;
        expect(Number.isSafeInteger(result.value.credits)).toBe(true);
        expect(result.value.credits).toBeGreaterThanOrEqual(0);
        expect(result.value.credits === 0).toBe(result.value.free);
        if (result.value.providerCostMicros !== null)
          expect(Number.isSafeInteger(result.value.providerCostMicros)).toBe(true);
      }),
    );
  });

  it('is monotonic in duration', () => {
    const durationModels = fc.constantFrom('clip-seconds', 'song-steps', 'song-extra');
    const duration = fc.double({ min: 0.01, max: 120, noNaN: true });
    fc.assert(
      fc.property(durationModels, duration, duration, (modelId, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        const cheap = creditsOf(modelId, { duration: short });
        const dear = creditsOf(modelId, { duration: long });
        // A longer duration is never cheaper; once refused, longer stays refused.
        if (dear !== undefined) expect(cheap).toBeLessThanOrEqual(dear);
        if (cheap === undefined) expect(dear).toBeUndefined();
      }),
    );
  });

  it('is monotonic in count (and exactly proportional)', () => {
    fc.assert(
      fc.property(modelIds, fc.integer({ min: 1, max: 3 }), (modelId, count) => {
        const base: GenerationParams = { variant: '5s', duration: 5, inputTokens: 300 };
        const applicable = applicableParams(modelId, base);
        const one = creditsOf(modelId, { ...applicable, count });
        const more = creditsOf(modelId, { ...applicable, count: count + 1 });
        expect(one).toBeDefined();
        expect(more).toBeDefined();
        expect((more ?? 0) * count).toBe((one ?? 0) * (count + 1));
      }),
    );
  });

  it('is monotonic in input and output tokens', () => {
    const tokens = fc.integer({ min: 0, max: 2_000_000 });
    fc.assert(
      fc.property(tokens, tokens, tokens, tokens, (in1, in2, out1, out2) => {
        const low = creditsOf('token-chat', {
          inputTokens: Math.min(in1, in2),
          outputTokens: Math.min(out1, out2),
        });
        const high = creditsOf('token-chat', {
          inputTokens: Math.max(in1, in2),
          outputTokens: Math.max(out1, out2),
        });
        expect(low).toBeDefined();
        expect(low).toBeLessThanOrEqual(high ?? -1);
      }),
    );
  });

  it('never prices an unknown model; it is refused naming `model`', () => {
    const known = new Set(catalog.models.map((m) => m.id));
    fc.assert(
      fc.property(
        fc.string().filter((id) => !known.has(id)),
        params,
        (modelId, p) => {
          const result = quoteGeneration(catalog, modelId, p, ctx);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.param).toBe('model');
        },
      ),
    );
  });
});

/** Keeps only the parameters that the model's pricing uses, so the quote succeeds. */
function applicableParams(modelId: string, params: GenerationParams): GenerationParams {
  const kind = catalog.models.find((m) => m.id === modelId)?.pricing.kind;
  if (kind === 'variants') return { variant: params.variant ?? '5s' };
  if (kind === 'per_second' || kind === 'duration_steps') return { duration: params.duration ?? 5 };
  if (kind === 'tokens') return { inputTokens: params.inputTokens ?? 0 };
  return {};
}
