import { describe, expect, it } from 'vitest';
import { decideClawBack } from './clawbacks.ts';

describe('decideClawBack', () => {
  it('takes the reversed share, rounded up, net of what earlier claw-backs took', () => {
    expect(decideClawBack({ granted: 100, reversedCents: 333, amountCents: 1000, alreadyTaken: 0 })).toBe(34);
    expect(decideClawBack({ granted: 100, reversedCents: 666, amountCents: 1000, alreadyTaken: 34 })).toBe(
      33,
    );
  });

  it('never takes more than the grant, and nothing for a repeated total', () => {
    expect(decideClawBack({ granted: 100, reversedCents: 5000, amountCents: 1000, alreadyTaken: 40 })).toBe(
      60,
    );
    expect(decideClawBack({ granted: 100, reversedCents: 500, amountCents: 1000, alreadyTaken: 50 })).toBe(0);
    expect(decideClawBack({ granted: 100, reversedCents: 100, amountCents: 1000, alreadyTaken: 50 })).toBe(0);
  });
});
