import { describe, expect, it } from 'vitest';
import { credits } from './credits.ts';
import { decideRefund, type PayingLot, planRefund } from './refunds.ts';

const DAY = 86_400_000;
const allocations = [
  { lotId: 'a', credits: credits(30) },
  { lotId: 'b', credits: credits(20) },
];
const live = (id: string, priority = 1): PayingLot => ({ id, priority, expiresAt: null });

function decide(over: Partial<Parameters<typeof decideRefund>[0]> = {}) {
  return decideRefund({
    charge: { id: 'ch', credits: 50, refunded: 0 },
    allocations,
    requested: undefined,
    lots: new Map([
      ['a', live('a')],
      ['b', live('b')],
    ]),
    now: 10 * DAY,
    refundLotExpiryDays: 7,
    refundPriority: 9,
    ...over,
  });
}

describe('planRefund', () => {
  it('gives back last drawn first, skipping what earlier refunds returned', () => {
    expect(planRefund(allocations, 0, 25)).toEqual([
      { lotId: 'b', credits: 20 },
      { lotId: 'a', credits: 5 },
    ]);
    expect(planRefund(allocations, 25, 10)).toEqual([{ lotId: 'a', credits: 10 }]);
  });
});

describe('decideRefund', () => {
  it('refunds everything still refundable when no amount is asked', () => {
    const d = decide({ charge: { id: 'ch', credits: 50, refunded: 15 } });
    expect(d.ok && d.value.amount).toBe(35);
  });

  it('refuses nothing or more than is left, naming the field and what is refundable', () => {
    for (const requested of [0, 51]) {
      const d = decide({ requested });
      expect(d.ok).toBe(false);
      if (!d.ok) {
        expect(d.error.code).toBe('charge_not_refundable');
        expect(d.error.param).toBe('credits');
        expect(d.error.details).toEqual({ refundable: 50 });
      }
    }
  });

  it('puts shares back into live lots, and opens a refund lot for an expired or gone one', () => {
    const expired: PayingLot = { id: 'b', priority: 3, expiresAt: 5 * DAY };
    const d = decide({ lots: new Map([['b', expired]]) });
    expect(d.ok && d.value.parts).toEqual([
      { into: 'new_lot', paidBy: 'b', credits: 20, priority: 3, expiresAt: 17 * DAY },
      { into: 'new_lot', paidBy: 'a', credits: 30, priority: 9, expiresAt: 17 * DAY },
    ]);
    const all = decide({ requested: 25 });
    expect(all.ok && all.value.parts).toEqual([
      { into: 'lot', lotId: 'b', credits: 20 },
      { into: 'lot', lotId: 'a', credits: 5 },
    ]);
  });
});
