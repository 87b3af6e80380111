import { describe, expect, it } from 'vitest';
import { computeUpgradeGrant } from './plan-upgrade.ts';

const period = { periodStart: 0, periodEnd: 30_000 };
const creatorToStudio = { level: 1500, toCredits: 5000, fromPriceCents: 2500, toPriceCents: 7500 };

describe('computeUpgradeGrant', () => {
  it('grants the difference prorated by the part of the period left', () => {
    expect(computeUpgradeGrant({ ...creatorToStudio, ...period, at: 0 })).toEqual({
      credits: 3500,
      costBasisCents: 5000,
      level: 5000,
    });
    expect(computeUpgradeGrant({ ...creatorToStudio, ...period, at: 15_000 })).toMatchObject({
      credits: 1750,
      costBasisCents: 2500,
    });
    expect(computeUpgradeGrant({ ...creatorToStudio, ...period, at: 29_999 }).credits).toBe(0);
  });

  it('grants nothing for a downgrade or once the period is over, and never lowers the level', () => {
    expect(
      computeUpgradeGrant({
        level: 5000,
        toCredits: 1500,
        fromPriceCents: 7500,
        toPriceCents: 2500,
        ...period,
        at: 10,
      }),
    ).toEqual({ credits: 0, costBasisCents: 0, level: 5000 });
    expect(computeUpgradeGrant({ ...creatorToStudio, ...period, at: 40_000 })).toMatchObject({
      credits: 0,
      level: 5000,
    });
  });

  it('an upgrade after a downgrade in the same period grants only above the level reached', () => {
    expect(computeUpgradeGrant({ ...creatorToStudio, level: 5000, ...period, at: 0 }).credits).toBe(0);
    expect(
      computeUpgradeGrant({
        level: 5000,
        toCredits: 20000,
        fromPriceCents: 2500,
        toPriceCents: 20000,
        ...period,
        at: 0,
      }).credits,
    ).toBe(15000);
  });
});
