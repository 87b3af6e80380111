import { describe, expect, it } from 'vitest';
import {
  pricingCatalog as catalog,
  bulkPlan as plan,
  wordTokens,
} from '../../test/support/pricing-fixture.ts';
import { type AffordabilityInput, describeAffordability } from './affordability.ts';

function afford(over: Partial<AffordabilityInput>) {
  const result = describeAffordability({
    catalog,
    plan,
    spendable: 0,
    quotas: [],
    pricing: wordTokens,
    ...over,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const option = (r: ReturnType<typeof afford>, modelId: string, i = 0) =>
  r.models.find((m) => m.modelId === modelId)?.options[i];

describe('describeAffordability', () => {
  it('lets the monthly limit bind when it is the smallest, and says one clip in the singular', () => {
    const r = afford({
      spendable: 600,
      quotas: [{ key: 'category:video', availableToday: 3, remainingThisMonth: 1 }],
      category: 'video',
    });
    expect(option(r, 'clip-variants')).toMatchObject({
      count: 1,
      limitedBy: 'monthly_limit',
      text: '1 × 5 s clip',
    });
    // Per-second models are offered at their shortest and longest length.
    expect(r.models.find((m) => m.modelId === 'clip-seconds')?.options.map((o) => o.variant)).toEqual([
      '2s',
      '8s',
    ]);
  });

  it('says so when nothing paid is affordable, never counting below zero', () => {
    const r = afford({ spendable: -5 });
    expect(r.spendable).toBe(0);
    expect(option(r, 'flat-chat')).toMatchObject({ count: 0, limitedBy: 'credits', text: 'no replies' });
    expect(option(r, 'free-chat')).toMatchObject({
      count: null,
      limitedBy: 'unlimited',
      text: 'unlimited replies',
    });
    expect(r.sentence).toBe('With 0 credits you cannot afford a paid generation; free models cost nothing.');
  });

  it('picks the option the customer can make most of in each category for the sentence', () => {
    const r = afford({ spendable: 60 });
    expect(option(r, 'flat-chat')).toMatchObject({ count: 12, text: '12 replies' });
    expect(r.sentence).toContain('2 × 5 s clips with Clip Variants');
    expect(r.sentence.startsWith('With 60 credits you can still make ')).toBe(true);
    expect(afford({ spendable: 12_345 }).sentence).toContain('With 12,345 credits');
    expect(option(afford({ spendable: 12_345 }), 'flat-chat')?.text).toBe('2,469 replies');
  });
});
