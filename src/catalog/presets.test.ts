import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../domain/catalog.ts';
import { defaultPlan, findPlan } from '../domain/catalog.ts';
import { quoteGeneration } from '../domain/pricing.ts';
import { tokenizerContext } from '../tokenizer.ts';
import { loadPreset } from './load.ts';

async function mustLoad(name: string): Promise<Catalog> {
  const result = await loadPreset(name);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

let dp: Catalog;
let mg: Catalog;
beforeAll(async () => {
  dp = await mustLoad('directors-palette');
  mg = await mustLoad('musicgen');
});

function priced(catalog: Catalog, model: string, params: { variant?: string; duration?: number } = {}) {
  const result = quoteGeneration(catalog, model, params, tokenizerContext);
  if (!result.ok) throw new Error(result.error.message);
  const q = result.value;
  return [q.credits, q.providerCostMicros, q.marginPct];
}

// [id, params, credits, provider cost (micros), margin computed from those numbers, margin the app's own table printed]
const DIRECTORS_PALETTE_ROWS: [
  string,
  { variant?: string; duration?: number },
  number,
  number,
  number,
  string,
][] = [
  ['kimi-vl-a3b', {}, 1, 800, 1150, '900%'],
  ['qwen-turbo', {}, 2, 1_700, 1076.5, '1100%'],
  ['deepseek-v3.1', {}, 5, 8_400, 495.2, '500%'],
  ['gpt-4o-mini', {}, 5, 6_300, 693.7, '700%'],
  ['gpt-4o', {}, 20, 170_000, 17.6, '18%'],
  ['claude-3.5-sonnet', {}, 18, 150_000, 20, '20%'],
  ['gen4-image', {}, 25, 200_000, 25, '25%'],
  ['gen4-image-turbo', {}, 20, 150_000, 33.3, '33%'],
  ['sdxl', {}, 12, 80_000, 50, '50%'],
  ['dall-e-3-hd', {}, 15, 120_000, 25, '25%'],
  ['runway-gen4', { variant: '5s' }, 30, 250_000, 20, '20%'],
  ['runway-gen4', { variant: '10s' }, 60, 500_000, 20, '20%'],
  ['runway-gen3', { variant: '5s' }, 60, 500_000, 20, '20%'],
  ['stable-video', { variant: '4s' }, 25, 200_000, 25, '25%'],
  ['veo-2', { duration: 1 }, 60, 500_000, 20, '20%'],
];

describe("Director's Palette preset (catalogs/directors-palette.yaml)", () => {
  it.each(DIRECTORS_PALETTE_ROWS)(
    '%s %o: %i credits, %i micros, margin %d%% (its own table printed %s)',
    (id, params, c, cost, margin) => {
      expect(priced(dp, id, params)).toEqual([c, cost, margin]);
    },
  );

  it('prices Veo 2 per second: 5 s = 300 credits, $2.50', () => {
    expect(priced(dp, 'veo-2', { duration: 5 })).toEqual([300, 2_500_000, 20]);
  });

  it('has six free text models, KIMI K2 among them, at 0 credits', () => {
    const free = dp.models.filter((m) => m.pricing.kind === 'free');
    expect(free).toHaveLength(6);
    expect(free.every((m) => m.category === 'text')).toBe(true);
    expect(free.map((m) => m.id)).toContain('kimi-k2-free');
    expect(priced(dp, 'kimi-k2-free')[0]).toBe(0);
  });

  it('has the four plans with prices, credits and free generations from the preset', () => {
    const rows = dp.plans.map((p) => [p.id, p.priceCents, p.monthlyCredits, p.freeGenerationsPerMonth]);
    expect(rows).toEqual([
      ['creator-free', 0, 0, 50],
      ['creator-pro', 2500, 1500, null],
      ['studio-pro', 7500, 5000, null],
      ['enterprise', 20000, 20000, null],
    ]);
    expect(defaultPlan(dp)?.id).toBe('creator-free');
  });

  it('gives each plan its entitlements', () => {
    const e = (id: string) => findPlan(dp, id)?.entitlements;
    expect(e('creator-free')).toMatchObject({ watermark: true, categories: ['text', 'image'] });
    expect(e('creator-pro')).toMatchObject({ priority: true, watermark: false, apiAccess: false });
    expect(e('studio-pro')).toMatchObject({
      apiAccess: true,
      customModelPreferences: true,
      bulkOperations: true,
    });
    expect(e('enterprise')).toMatchObject({ apiAccess: true, whiteLabel: true });
    expect(findPlan(dp, 'enterprise')?.apiRequestsPerMinute).toBeGreaterThan(
      findPlan(dp, 'studio-pro')?.apiRequestsPerMinute ?? 0,
    );
  });

  it('sets video limits: per day, burst, per month and the warning at 20', () => {
    expect(findPlan(dp, 'creator-pro')?.limits.video).toEqual({
      perDay: 5,
      burst: 5,
      perMonth: 25,
      warnAtMonthlyUsed: 20,
    });
    expect(findPlan(dp, 'studio-pro')?.limits.video).toMatchObject({ perDay: 15, burst: 25, perMonth: 80 });
    expect(findPlan(dp, 'enterprise')?.limits.video).toMatchObject({ perMonth: 300 });
    expect(dp.plans.every((p) => p.creditWarningsPct.join() === '80,95')).toBe(true);
  });
});

describe('MusicGen preset (catalogs/musicgen.yaml)', () => {
  it.each([
    [5, 1],
    [10, 2],
    [15, 3],
    [30, 5],
  ])('a %i-second clip costs %i credits (the table, not ceil(d / 5))', (duration, c) => {
    expect(priced(mg, 'musicgen', { duration })[0]).toBe(c);
  });

  it('rounds between steps up: 7 s = 2 credits, 29 s = 5; refuses 31 s', () => {
    expect(priced(mg, 'musicgen', { duration: 7 })[0]).toBe(2);
    expect(priced(mg, 'musicgen', { duration: 29 })[0]).toBe(5);
    const refused = quoteGeneration(mg, 'musicgen', { duration: 31 }, tokenizerContext);
    expect(refused.ok ? undefined : [refused.error.code, refused.error.param]).toEqual([
      'parameter_out_of_range',
      'params.duration',
    ]);
  });

  it('sells the four packs in cents', () => {
    expect(mg.packs.map((p) => [p.id, p.credits, p.priceCents])).toEqual([
      ['starter', 100, 500],
      ['popular', 400, 1500],
      ['pro', 1000, 3500],
      ['creator', 2500, 7500],
    ]);
  });

  it('grants the preset’s rewards and warns at 2 credits', () => {
    const rewards = Object.fromEntries(Object.values(mg.rewards).map((r) => [r.kind, r.credits]));
    expect(rewards).toEqual({ welcome: 10, email_verified: 5, social_share: 2, referral: 10, daily: 1 });
    expect(mg.lowBalanceCredits).toBe(2);
  });

  it('starts customers on a free plan with 1 credit a day', () => {
    expect(defaultPlan(mg)).toMatchObject({ id: 'free', priceCents: 0, dailyCredits: 1, isDefault: true });
  });

  it('uses 1 credit = $0.01, holds for 15 minutes, and plan and rewards before purchases', () => {
    for (const c of [dp, mg]) {
      expect(c.creditValueMicros).toBe(10_000);
      expect(c.holdTtlSeconds).toBe(900);
      expect(c.lotPriorities.plan).toBeLessThan(c.lotPriorities.purchase);
      expect(c.lotPriorities.reward).toBeLessThan(c.lotPriorities.purchase);
    }
  });
});
