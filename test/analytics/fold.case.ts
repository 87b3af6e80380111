/**
 * Issue 14 item 5: the analytics fold. A few weeks of activity (customers, purchases, plan
 * moves, generations, a refund, an expiry), then: a fold that crashes before its mark moves
 * leaves nothing behind; two folders at once fold each day once; and every route answers
 * exactly what it answered unfolded — also after more activity and plan moves on top of folded
 * days, folded again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/domain/calendar.ts';
import { FOLD_GRACE_MS, FOLD_HOUR_MS } from '../../src/engine/analytics/fold.ts';
import type { AnalyticsQuery } from '../../src/engine/analytics/query.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Store } from '../../src/store/store.ts';
import {
  addCustomer,
  createHarness,
  expectOk,
  type Harness,
  START,
  TENANT,
} from '../support/engine-harness.ts';

const FROM = Date.UTC(2025, 0, 1);

/** Every route's answer, by day and by month, over the whole history and over a later part. */
export async function answers(h: Harness) {
  const to = Math.ceil((h.now() + DAY_MS) / DAY_MS) * DAY_MS;
  const queries: AnalyticsQuery[] = [
    { tenantId: TENANT, from: FROM, to, granularity: 'day' },
    { tenantId: TENANT, from: FROM, to, granularity: 'month' },
    { tenantId: TENANT, from: FROM + 12 * DAY_MS, to, granularity: 'week' },
    { tenantId: TENANT, from: FROM, to, granularity: 'day', plan: 'pro' },
    { tenantId: TENANT, from: FROM, to, granularity: 'day', model: 'chat' },
  ];
  const out = [];
  for (const q of queries) {
    out.push({
      usage: expectOk(await h.engine.readUsageAnalytics(q)),
      credits: expectOk(await h.engine.readCreditAnalytics(q)),
      revenue: expectOk(await h.engine.readRevenueAnalytics(q)),
      margins: expectOk(await h.engine.readMarginAnalytics(q)),
      conversion: expectOk(await h.engine.readConversionAnalytics(q)),
      projections: expectOk(await h.engine.readProjections(q)),
    });
  }
  return out;
}

/** The answers read raw: the fold mark set aside (folded days are then read from the source tables), then put back. */
export async function rawAnswers(h: Harness) {
  const marks = await h.store.raw.query<Record<string, string | number>>(
    'SELECT * FROM analytics_fold_marks',
  );
  await h.store.raw.run('DELETE FROM analytics_fold_marks');
  try {
    return await answers(h);
  } finally {
    for (const m of marks)
      await h.store.raw.run(
        'INSERT INTO analytics_fold_marks (tenant_id, folded_before, plans_at, updated_at) VALUES (?, ?, ?, ?)',
        [m.tenant_id as string, Number(m.folded_before), Number(m.plans_at), Number(m.updated_at)],
      );
  }
}

export async function rollupCount(store: Store, table: string): Promise<number> {
  const rows = await store.raw.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0]?.n ?? 0);
}

/** The same store, except that advancing the fold mark fails: a fold that dies before it commits. */
export function crashingOnMark(store: Store): Store {
  return {
    ...store,
    write: (scope, fn) =>
      store.write(scope, (tx) =>
        fn({
          ...tx,
          analyticsFold: {
            ...tx.analyticsFold,
            advanceMark: async () => {
              throw new Error('crash before the mark moves');
            },
          },
        }),
      ),
    read: (fn) => store.read(fn),
    close: () => store.close(),
  };
}

export function describeAnalyticsFold(name: string, makeStore: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`the analytics fold on ${name}`, () => {
    let h: Harness;
    const charge = async (customerId: string, modelId: string) =>
      expectOk(
        await h.engine.charge({ tenantId: TENANT, customerId, modelId, params: {}, idempotencyKey: h.key() }),
      );
    const move = async (customerId: string, planId: string) =>
      expectOk(await h.engine.changePlan({ tenantId: TENANT, customerId, planId, idempotencyKey: h.key() }));

    beforeAll(async () => {
      h = await createHarness(makeStore);
      for (const id of ['a', 'b', 'c', 'd']) await addCustomer(h, id, 300);
      for (let day = 0; day < 20; day++) {
        await charge(['a', 'b', 'c', 'd'][day % 4] as string, day % 3 === 0 ? 'image' : 'chat');
        await charge('a', 'chat');
        if (day === 3) await move('b', 'pro');
        if (day === 6) await move('c', 'pro');
        if (day === 9) await move('b', 'free');
        if (day === 11) {
          const refunded = await charge('d', 'image');
          expectOk(
            await h.engine.refund({ tenantId: TENANT, chargeId: refunded.chargeId, idempotencyKey: h.key() }),
          );
        }
        if (day === 12) {
          expectOk(
            await h.engine.grant({
              tenantId: TENANT,
              customerId: 'd',
              credits: 40,
              source: 'promotional',
              expiresAt: h.now() + 2 * DAY_MS,
              idempotencyKey: h.key(),
            }),
          );
        }
        if (day === 15) await h.engine.sweepExpired();
        if (day === 8) await addCustomer(h, 'e', 50);
        h.advance(DAY_MS);
      }
    });
    afterAll(async () => {
      await h?.store.close();
    });

    it('a fold that crashes before its mark moves leaves no rollup row and no mark', async () => {
      const before = await answers(h);
      const crashing = createEngine({ store: crashingOnMark(h.store), now: h.now });
      await expect(crashing.foldAnalytics()).rejects.toThrow('crash before the mark moves');
      expect(await rollupCount(h.store, 'analytics_usage_daily')).toBe(0);
      expect(await rollupCount(h.store, 'analytics_credits_daily')).toBe(0);
      expect(await rollupCount(h.store, 'analytics_fold_marks')).toBe(0);
      expect(await answers(h)).toEqual(before);
    });

    it('two folders at once fold each day once, and every answer stays what it was unfolded', async () => {
      const before = await answers(h);
      const second = createEngine({ store: h.store, now: h.now });
      const [x, y] = await Promise.all([h.engine.foldAnalytics(), second.foldAnalytics()]);
      // START is day 0 at noon; 20 days later it is noon again: 20 whole days are due, then
      // today's hours that ended the grace ago (to 11:00) in one more step.
      expect(x + y).toBe(21);
      const mark = await h.store.read((tx) => tx.analytics.readFoldMark(TENANT));
      expect(mark.foldedBefore).toBe(Math.floor((h.now() - FOLD_GRACE_MS) / FOLD_HOUR_MS) * FOLD_HOUR_MS);
      const folded = await h.store.raw.query<{ n: number | string }>(
        'SELECT SUM(generations) AS n FROM analytics_usage_daily',
      );
      const events = await h.store.raw.query<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM usage_events WHERE created_at < ?',
        [mark.foldedBefore],
      );
      expect(Number(folded[0]?.n)).toBe(Number(events[0]?.n));
      expect(Number(folded[0]?.n)).toBeGreaterThan(0);
      expect(await h.engine.foldAnalytics()).toBe(0);
      expect(await answers(h)).toEqual(before);
    });

    it('moves and generations after the fold are exact, folded again or not', async () => {
      await move('a', 'pro'); // a's folded usage now counts under pro
      await charge('a', 'image');
      await move('c', 'free');
      h.advance(DAY_MS);
      await charge('c', 'chat');
      // Folded days with moves after the plan mark: corrected when read.
      expect(await answers(h)).toEqual(await rawAnswers(h));
      h.advance(DAY_MS);
      expect(await h.engine.foldAnalytics()).toBeGreaterThan(0);
      expect(await answers(h)).toEqual(await rawAnswers(h));
      // The plan mark passed the moves: a's usage is refiled, and the answers did not change.
      const filed = await h.store.raw.query<{ plan_id: string; n: number | string }>(
        `SELECT plan_id, SUM(generations) AS n FROM analytics_usage_daily WHERE day < ${Math.floor(START / DAY_MS) + 5} GROUP BY plan_id ORDER BY plan_id`,
      );
      expect(filed.map((r) => r.plan_id)).toContain('pro');
    });
  });
}
