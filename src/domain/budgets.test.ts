import { describe, expect, it } from 'vitest';
import {
  checkBudget,
  checkChildFits,
  computeChildExpiry,
  decideChildCharge,
  splitChildCharge,
} from './budgets.ts';
import { credits } from './credits.ts';

const c = credits;

describe('checkChildFits', () => {
  it('fits within what the parent has left, to the last credit', () => {
    expect(checkChildFits('p', c(10), c(10)).ok).toBe(true);
  });

  it('refuses more, naming parent_hold and what is left', () => {
    const r = checkChildFits('p', c(4), c(5));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('insufficient_credits');
    expect(r.error.param).toBe('parent_hold');
    expect(r.error.details).toEqual({ required: 5, budget_left: 4, shortfall: 1 });
  });
});

describe('computeChildExpiry', () => {
  it('never outlives the parent', () => {
    expect(computeChildExpiry(2000, 1500)).toBe(1500);
    expect(computeChildExpiry(1000, 1500)).toBe(1000);
  });
});

describe('decideChildCharge', () => {
  const base = { parentId: 'p', held: c(5), allowOverage: false, parentLeft: c(3) };
  it('charges the actual price within the child, caps it without overage', () => {
    expect(decideChildCharge({ ...base, actual: c(4) })).toEqual({
      ok: true,
      value: { charged: 4, capped: false },
    });
    expect(decideChildCharge({ ...base, actual: c(9) })).toEqual({
      ok: true,
      value: { charged: 5, capped: true },
    });
  });

  it('takes overage only from what the parent has left', () => {
    expect(decideChildCharge({ ...base, allowOverage: true, actual: c(8) })).toEqual({
      ok: true,
      value: { charged: 8, capped: false },
    });
    const r = decideChildCharge({ ...base, allowOverage: true, actual: c(9) });
    expect(r.ok ? null : r.error.code).toBe('insufficient_credits');
  });
});

describe('splitChildCharge', () => {
  it('lowers the customer held by exactly the charge, in every case', () => {
    for (const [held, charged, final] of [
      [5, 3, true],
      [5, 7, true],
      [5, 3, false],
      [5, 7, false],
      [5, 0, true],
    ] as const) {
      const s = splitChildCharge(c(held), c(charged), final);
      expect(s.customerHeld + charged).toBe(0);
      expect(s.parentCredits).toBe(s.returned - s.fromParent);
    }
  });

  it('gives back what a final charge did not use, and nothing on a partial one', () => {
    expect(splitChildCharge(c(5), c(3), true)).toMatchObject({ released: 5, returned: 2, fromParent: 0 });
    expect(splitChildCharge(c(5), c(3), false)).toMatchObject({ released: 3, returned: 0, fromParent: 0 });
    expect(splitChildCharge(c(5), c(7), false)).toMatchObject({ released: 5, returned: 0, fromParent: 2 });
  });
});

describe('checkBudget', () => {
  const stored = { left: c(4), childrenHeld: c(3), childrenCharged: c(3) };
  const good = {
    status: 'active',
    placed: c(10),
    captured: c(0),
    stored,
    activeChildrenHeld: 3,
    childrenCharged: 3,
  };
  it('passes a parent whose figures add up to what it was placed with', () => {
    expect(checkBudget(good)).toEqual([]);
  });

  it('names a drifted figure and an overspent tree', () => {
    expect(checkBudget({ ...good, activeChildrenHeld: 2 })).toHaveLength(1);
    expect(checkBudget({ ...good, stored: { ...stored, left: c(5) } })).toHaveLength(1);
    expect(checkBudget({ ...good, placed: c(9) })).toHaveLength(1);
    expect(checkBudget({ ...good, stored: { ...stored, left: c(-1) }, placed: c(5) })).toHaveLength(1);
  });
});
