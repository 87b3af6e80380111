import { describe, expect, it } from 'vitest';
import { capCharge, checkCap, standUnderCap } from './api-key-caps.ts';
import { credits } from './credits.ts';

const now = Date.UTC(2026, 11, 5, 12);
const standing = standUnderCap({ cap: 100, chargedThisMonth: 60, held: 25, now });

describe('API key monthly caps', () => {
  it('counts this month’s charges plus what is held, and resets at the next UTC month', () => {
    expect(standing).toEqual({ monthly: 100, used: 85, remaining: 15, resetsAt: Date.UTC(2027, 0, 1) });
    expect(standUnderCap({ cap: 10, chargedThisMonth: 60, held: 0, now }).remaining).toBe(0);
  });

  it('admits what fits and refuses the rest with what is left', () => {
    expect(checkCap(standing, 15, 'tk_ab').ok).toBe(true);
    const refused = checkCap(standing, 16, 'tk_ab');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('credit_cap_reached');
      expect(refused.error.details).toMatchObject({ remaining: 15, requested: 16 });
    }
  });

  it('stops a commit’s overage where the cap does, never below the hold', () => {
    expect(capCharge(credits(40), 30, standing)).toBe(40);
    expect(capCharge(credits(60), 30, standing)).toBe(45);
    expect(capCharge(credits(20), 30, standing)).toBe(20);
  });
});
