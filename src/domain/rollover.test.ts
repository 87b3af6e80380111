import { describe, expect, it } from 'vitest';
import { splitRollover, sumAllocated } from './rollover.ts';

const lots = [
  { id: 'first', remaining: 30 },
  { id: 'last', remaining: 50 },
];

describe('splitRollover', () => {
  it('keeps up to the cap from the lots spent last, and ends the rest', () => {
    const split = splitRollover(lots, 60, 1000);
    expect(split.toCarry).toEqual([
      { lotId: 'last', credits: 50 },
      { lotId: 'first', credits: 10 },
    ]);
    expect(split.toEnd).toEqual([{ lotId: 'first', credits: 20 }]);
  });

  it('never ends more than is available (held credits stay), and a zero cap carries nothing', () => {
    const split = splitRollover(lots, 0, 35);
    expect(split.toCarry).toEqual([]);
    expect(sumAllocated(split.toEnd)).toBe(35);
    expect(splitRollover(lots, 0, -5).toEnd).toEqual([]);
  });
});
