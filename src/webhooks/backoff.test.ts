import { describe, expect, it } from 'vitest';
import { computeRetryDelay, DEFAULT_RETRY_POLICY, planNextAttempt } from './backoff.ts';

const middle = () => 0.5; // no jitter

describe('retry backoff', () => {
  it('grows exponentially from 5 s by a factor of 5, capped at 10 h', () => {
    const delays = Array.from({ length: 9 }, (_, i) => computeRetryDelay(i + 1, middle));
    expect(delays).toEqual([
      5_000, 25_000, 125_000, 625_000, 3_125_000, 15_625_000, 36_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it('moves each delay by at most ±20% with the injected randomness', () => {
    expect(computeRetryDelay(2, () => 0)).toBe(20_000);
    expect(computeRetryDelay(2, () => 0.999_999)).toBe(30_000);
    for (let attempt = 1; attempt < 10; attempt++) {
      const base = computeRetryDelay(attempt, middle);
      const jittered = computeRetryDelay(attempt, Math.random);
      expect(jittered).toBeGreaterThanOrEqual(base * 0.8);
      expect(jittered).toBeLessThanOrEqual(base * 1.2);
    }
  });

  it('schedules the next attempt from now, and gives up after the last attempt', () => {
    expect(planNextAttempt({ attempt: 1, now: 1_000, random: middle })).toEqual({ kind: 'retry', at: 6_000 });
    expect(
      planNextAttempt({ attempt: DEFAULT_RETRY_POLICY.maxAttempts - 1, now: 0, random: middle }).kind,
    ).toBe('retry');
    expect(planNextAttempt({ attempt: DEFAULT_RETRY_POLICY.maxAttempts, now: 0, random: middle })).toEqual({
      kind: 'give_up',
    });
  });

  it('spans about a day and a half before giving up', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt++)
      total += computeRetryDelay(attempt, middle);
    expect(total / 3_600_000).toBeCloseTo(35.4, 1);
  });
});
