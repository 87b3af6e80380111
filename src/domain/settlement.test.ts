import { describe, expect, it } from 'vitest';
import { createTestCatalog } from '../../test/support/test-catalog.ts';
import type { Plan } from './catalog.ts';
import { credits } from './credits.ts';
import { sumLiveRemaining } from './lots.ts';
import {
  decideSettlement,
  projectSettlement,
  type SettlingLot,
  type UnsettledCustomer,
} from './settlement.ts';

const now = Date.UTC(2026, 11, 5, 12);
const catalog = createTestCatalog();
const pro = catalog.plans.find((p) => p.id === 'pro') as Plan;
const lot = (id: string, remaining: number, expiresAt: number | null, source = 'purchase'): SettlingLot => ({
  id,
  source,
  remaining: credits(remaining),
  priority: source === 'plan' ? 10 : 100,
  expiresAt,
  createdAt: now - 1000,
});

function customer(over: Partial<UnsettledCustomer> = {}): UnsettledCustomer {
  return {
    now,
    catalog,
    plan: pro,
    held: credits(0),
    lots: [],
    expiredHolds: [],
    activeHolds: { count: 0, maxExpiresAt: 0 },
    quotas: new Map(),
    due: { period: null, daily: null },
    ...over,
  };
}

describe('projectSettlement', () => {
  it('releases holds past expiry: a parent with its children, a child back into a live parent', () => {
    const settled = projectSettlement(
      customer({
        held: credits(50),
        expiredHolds: [
          { credits: credits(10), childrenHeld: credits(5), quotaTakes: [] },
          { credits: credits(5), parentHoldId: 'p1', quotaTakes: [] },
          { credits: credits(7), parentHoldId: 'p2', quotaTakes: [] },
        ],
        activeHolds: { count: 5, maxExpiresAt: now + 1000 },
      }),
    );
    expect(settled.held).toBe(35); // the parent's 10 and its child's 5; p2's child goes back to p2
    expect(settled.activeHolds.count).toBe(2);
  });

  it('gives back the quota of an expired hold unless it was captured from', () => {
    const state = { level: 0, levelAt: now, month: '2026-12', monthUsed: 3 };
    const take = { key: 'category:video', count: 1, month: '2026-12' };
    const settled = projectSettlement(
      customer({
        quotas: new Map([['category:video', state]]),
        expiredHolds: [
          { credits: credits(0), quotaTakes: [take] },
          { credits: credits(0), captured: credits(4), quotaTakes: [take] },
        ],
      }),
    );
    expect(settled.quotas.get('category:video')?.monthUsed).toBe(2);
  });

  it('drops dead lots and credits the daily credit, repaying an overdraft first', () => {
    const settled = projectSettlement(
      customer({
        lots: [lot('dead', 30, now), lot('od', -3, null, 'overdraft')],
        due: { period: null, daily: { credits: credits(5), expiresAt: now + 86_400_000 } },
      }),
    );
    expect(settled.lots.map((l) => [l.source, l.remaining])).toEqual([
      ['overdraft', 0],
      ['reward:daily', 2],
    ]);
    expect(sumLiveRemaining(settled.lots, now)).toBe(2);
  });

  it('starts a due period: the allowance, the last one ended but for the rollover cap', () => {
    const plan = { ...pro, monthlyCredits: credits(20), rolloverCap: credits(5) };
    const settled = projectSettlement(
      customer({
        plan,
        lots: [lot('old', 12, now + 3_600_000, 'plan'), lot('bought', 7, null)],
        due: { period: { lotExpiresAt: now + 40 * 86_400_000 }, daily: null },
      }),
    );
    expect(sumLiveRemaining(settled.lots, now)).toBe(20 + 5 + 7);
    // The carried 5 live as long as the new allowance, not the old lot.
    expect(sumLiveRemaining(settled.lots, now + 7_200_000)).toBe(32);
  });
});

describe('decideSettlement', () => {
  it('names the steps a write applies: expired lots in expiry order, the allowance, the rollover split', () => {
    const plan = { ...pro, monthlyCredits: credits(20), rolloverCap: credits(5) };
    const input = customer({
      plan,
      held: credits(4),
      lots: [
        lot('late', 3, now - 10),
        lot('spent', 0, now - 50),
        lot('early', 6, now - 20, 'reward:welcome'),
        lot('old', 12, now + 3_600_000, 'plan'),
      ],
      due: {
        period: { lotExpiresAt: now + 40 * 86_400_000 },
        daily: { credits: credits(2), expiresAt: null },
      },
    });
    const decided = decideSettlement(input);
    expect(decided.expireLots).toEqual([
      { lotId: 'early', credits: 6, source: 'reward:welcome' },
      { lotId: 'late', credits: 3, source: 'purchase' },
    ]);
    // 20 + 12 live, 4 held: 5 of the old lot carried, the other 7 ended (room for them all).
    expect(decided.period).toEqual({
      allowance: 20,
      lotExpiresAt: now + 40 * 86_400_000,
      toEnd: [{ lotId: 'old', credits: 7 }],
      toCarry: [{ lotId: 'old', credits: 5 }],
    });
    expect(decided.daily).toEqual({ credits: 2, expiresAt: null });
    expect(decided.settled).toEqual(projectSettlement(input));
    expect(sumLiveRemaining(decided.settled.lots, now)).toBe(20 + 5 + 2);
  });

  it('has no step when nothing is due', () => {
    const decided = decideSettlement(customer({ lots: [lot('live', 9, null)] }));
    expect(decided).toMatchObject({ expireLots: [], period: null, daily: null });
  });
});
