import { describe, expect, it } from 'vitest';
import { type Alternative, pickAlternatives } from './alternatives.ts';
import { credits } from './credits.ts';
import type { Quote } from './quote.ts';

function alt(modelId: string, price: number, count = 1): Alternative {
  return {
    modelId,
    modelName: modelId,
    credits: credits(price),
    creditsSaved: credits(20 - price),
    free: price === 0,
    pricedOn: 'same_params',
    quote: { count } as unknown as Quote,
  };
}

const list = [alt('free-a', 0), alt('free-b', 0), alt('one', 1), alt('five', 5), alt('twelve', 12)];
const ids = (picked: Alternative[]) => picked.map((a) => a.modelId);

describe('pickAlternatives', () => {
  it('keeps the order and at most max', () => {
    expect(ids(pickAlternatives(list, { max: 3 }))).toEqual(['free-a', 'free-b', 'one']);
    expect(ids(pickAlternatives(list, { max: 10 }))).toHaveLength(5);
    expect(pickAlternatives(list, { max: 0 })).toEqual([]);
  });

  it('drops free models when the free quota cannot take the request, keeps them when it can', () => {
    expect(ids(pickAlternatives(list, { max: 3, freeLeft: 0 }))).toEqual(['one', 'five', 'twelve']);
    expect(ids(pickAlternatives(list, { max: 2, freeLeft: 1 }))).toEqual(['free-a', 'free-b']);
    expect(ids(pickAlternatives(list, { max: 2, freeLeft: null }))).toEqual(['free-a', 'free-b']);
    const four = [alt('free-x', 0, 4), alt('cheap', 2, 4)];
    expect(ids(pickAlternatives(four, { max: 3, freeLeft: 3 }))).toEqual(['cheap']);
  });

  it('keeps only what fits the credits the customer can spend, when known', () => {
    expect(ids(pickAlternatives(list, { max: 10, spendable: 5, freeLeft: 0 }))).toEqual(['one', 'five']);
    expect(ids(pickAlternatives(list, { max: 10, spendable: 0 }))).toEqual(['free-a', 'free-b']);
    expect(pickAlternatives(list, { max: 10, spendable: 0, freeLeft: 0 })).toEqual([]);
  });
});
