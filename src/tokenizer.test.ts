import { describe, expect, it } from 'vitest';
import { countTokens, tokenizerContext } from './tokenizer.ts';

describe('countTokens', () => {
  it('counts with a real BPE tokenizer, not characters or words', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world')).toBe(2);
    const long = 'A cinematic story about a dragon who learns to paint. '.repeat(20);
    expect(countTokens(long)).toBeGreaterThan(100);
    expect(countTokens(long)).toBeLessThan(long.length / 2);
    expect(tokenizerContext.countTokens('hello world')).toBe(2);
  });
});
