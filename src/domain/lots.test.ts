import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideCommitCredits } from './commit-charge.ts';
import { credits } from './credits.ts';
import { checkHoldFits } from './holds.ts';
import {
  drawFromLots,
  findExpiredLots,
  type LotView,
  orderLotsForConsumption,
  sumLiveRemaining,
} from './lots.ts';

const lot = (
  id: string,
  remaining: number,
  priority: number,
  expiresAt: number | null,
  createdAt = 0,
): LotView => ({
  id,
  remaining: credits(remaining),
  priority,
  expiresAt,
  createdAt,
});

describe('lots', () => {
  it('orders by priority, then soonest expiry with never-expiring last, then oldest', () => {
    const lots = [
      lot('never', 5, 10, null),
      lot('late', 5, 10, 200),
      lot('soon', 5, 10, 100),
      lot('paid', 5, 100, 50),
      lot('old', 5, 10, null, -1),
    ];
    expect(orderLotsForConsumption(lots, 0).map((l) => l.id)).toEqual([
      'soon',
      'late',
      'old',
      'never',
      'paid',
    ]);
  });

  it('draws across lots in order, skips dead ones and reports the shortfall', () => {
    const lots = [lot('a', 3, 10, null), lot('dead', 9, 1, 5), lot('b', 4, 20, null)];
    expect(drawFromLots(lots, credits(5), 10)).toEqual({
      allocations: [
        { lotId: 'a', credits: 3 },
        { lotId: 'b', credits: 2 },
      ],
      shortfall: 0,
    });
    expect(drawFromLots(lots, credits(9), 10).shortfall).toBe(2);
    expect(findExpiredLots(lots, 10).map((l) => l.id)).toEqual(['dead']);
    expect(sumLiveRemaining(lots, 10)).toBe(7);
  });

  it('never draws more than asked nor from a lot more than it holds', () => {
    const arb = fc.array(
      fc.record({ r: fc.nat(50), p: fc.nat(3), e: fc.option(fc.nat(100), { nil: null }) }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(arb, fc.nat(200), fc.nat(100), (specs, amount, now) => {
        const lots = specs.map((s, i) => lot(`l${i}`, s.r, s.p, s.e, i));
        const { allocations, shortfall } = drawFromLots(lots, credits(amount), now);
        const drawn = allocations.reduce((s, a) => s + a.credits, 0);
        expect(drawn + shortfall).toBe(amount);
        for (const a of allocations) {
          const l = lots.find((x) => x.id === a.lotId) as LotView;
          expect(a.credits).toBeLessThanOrEqual(l.remaining);
          expect(l.expiresAt === null || l.expiresAt > now).toBe(true);
        }
      }),
    );
  });
});

describe('holds', () => {
  it('fits a hold within available plus overdraft and says the shortfall', () => {
    const f = { balance: credits(10), held: credits(4), overdraftLimit: credits(0) };
    expect(checkHoldFits(f, credits(6)).ok).toBe(true);
    const refused = checkHoldFits(f, credits(8));
    expect(refused.ok ? null : refused.error.details).toMatchObject({ shortfall: 2, available: 6 });
    expect(checkHoldFits({ ...f, overdraftLimit: credits(2) }, credits(8)).ok).toBe(true);
  });

  it('caps commits at the hold unless overage is allowed within what is spendable', () => {
    const figures = { balance: credits(10), held: credits(4), overdraftLimit: credits(0) };
    expect(
      decideCommitCredits({ held: credits(4), actual: credits(9), allowOverage: false, figures }),
    ).toEqual({ ok: true, value: { charged: 4, capped: true } });
    expect(
      decideCommitCredits({ held: credits(4), actual: credits(9), allowOverage: true, figures }),
    ).toEqual({ ok: true, value: { charged: 9, capped: false } });
    expect(
      decideCommitCredits({ held: credits(4), actual: credits(11), allowOverage: true, figures }).ok,
    ).toBe(false);
  });
});
