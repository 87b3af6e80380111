/**
 * Issue 14 item 5: the analytics fold by the hour. Within one day the mark moves by whole hours
 * (up to now less the grace): every row of a folded hour is in the rollups once, however many
 * steps folded its day, and the distinct active customers of the day stay distinct; a fold that
 * crashes mid-day leaves the mark and the rollups as they were; a plan move inside a folded
 * hour is refiled; and every route answers what it answers unfolded, through midnight too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/domain/calendar.ts';
import { FOLD_HOUR_MS } from '../../src/engine/analytics/fold.ts';
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
import { answers, crashingOnMark, rawAnswers } from './fold.case.ts';

const HOUR = FOLD_HOUR_MS;

async function sum(store: Store, sql: string, args: (string | number)[] = []): Promise<number> {
  const rows = await store.raw.query<{ n: number | string | null }>(sql, args);
  return Number(rows[0]?.n ?? 0);
}

export function describeAnalyticsHourFold(name: string, makeStore: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`the analytics fold by the hour on ${name}`, () => {
    let h: Harness;
    const charge = async (customerId: string, modelId = 'chat') =>
      expectOk(
        await h.engine.charge({ tenantId: TENANT, customerId, modelId, params: {}, idempotencyKey: h.key() }),
      );
    const move = async (customerId: string, planId: string) =>
      expectOk(await h.engine.changePlan({ tenantId: TENANT, customerId, planId, idempotencyKey: h.key() }));
    const mark = async () => (await h.store.read((tx) => tx.analytics.readFoldMark(TENANT))).foldedBefore;
    const today = () => Math.floor(h.now() / DAY_MS);
    /** What the rollups hold of today and what the source tables hold before the mark. */
    const folded = async () => {
      const before = await mark();
      return {
        generations: await sum(h.store, 'SELECT SUM(generations) AS n FROM analytics_usage_daily'),
        events: await sum(h.store, 'SELECT COUNT(*) AS n FROM usage_events WHERE created_at < ?', [before]),
        activeToday: await sum(
          h.store,
          'SELECT SUM(customers) AS n FROM analytics_active_daily WHERE day = ?',
          [today()],
        ),
        distinctToday: await sum(
          h.store,
          'SELECT COUNT(DISTINCT customer_id) AS n FROM usage_events WHERE created_at >= ? AND created_at < ?',
          [today() * DAY_MS, before],
        ),
      };
    };

    beforeAll(async () => {
      h = await createHarness(makeStore);
      // START is 12:00: a, b and c generate in the early afternoon, a twice.
      for (const id of ['a', 'b', 'c']) await addCustomer(h, id, 500);
      await charge('a');
      await charge('b', 'image');
      h.advance(30 * 60_000);
      await charge('a');
    });
    afterAll(async () => {
      await h?.store.close();
    });

    it('folds today up to the last whole hour that ended the grace ago', async () => {
      h.advance(2 * HOUR); // 14:30: 14:15 less the grace, so 14:00 is due
      expect(await h.engine.foldAnalytics()).toBe(1);
      expect(await mark()).toBe(today() * DAY_MS + 14 * HOUR);
      const f = await folded();
      expect(f.generations).toBe(f.events);
      expect(f.generations).toBe(3);
      expect(f.activeToday).toBe(2);
      expect(await answers(h)).toEqual(await rawAnswers(h));
    });

    it('counts rows of hours folded in several steps of one day once, and active customers once a day', async () => {
      await charge('a'); // a again, after the mark: still one active customer today
      await charge('c');
      await move('b', 'pro'); // inside an hour folded next
      await charge('b');
      // Unfolded rest read raw on top of today's partial rollup rows.
      expect(await answers(h)).toEqual(await rawAnswers(h));
      h.advance(2 * HOUR); // 16:30
      expect(await h.engine.foldAnalytics()).toBe(1);
      expect(await mark()).toBe(today() * DAY_MS + 16 * HOUR);
      const f = await folded();
      expect(f.generations).toBe(f.events);
      expect(f.generations).toBe(6);
      expect(f.activeToday).toBe(f.distinctToday);
      expect(f.activeToday).toBe(3);
      expect(await answers(h)).toEqual(await rawAnswers(h));
    });

    it('a fold that crashes mid-day leaves the mark and the rollups as they were', async () => {
      await charge('c', 'image');
      h.advance(HOUR);
      const markBefore = await mark();
      const before = await folded();
      const answered = await answers(h);
      const crashing = createEngine({ store: crashingOnMark(h.store), now: h.now });
      await expect(crashing.foldAnalytics()).rejects.toThrow('crash before the mark moves');
      expect(await mark()).toBe(markBefore);
      expect(await folded()).toEqual(before);
      expect(await answers(h)).toEqual(answered);
      expect(await h.engine.foldAnalytics()).toBe(1);
      const f = await folded();
      expect(f.generations).toBe(f.events);
    });

    it('refiles usage of a plan move inside a folded hour, and folds through midnight', async () => {
      await move('b', 'free'); // b moved to pro in a folded hour; now back, after it
      await charge('b', 'image');
      await move('a', 'pro');
      h.advance(10 * HOUR); // past midnight: the rest of yesterday and today's first hours
      expect(await h.engine.foldAnalytics()).toBe(2);
      expect(await mark()).toBe(today() * DAY_MS + Math.floor((h.now() % DAY_MS) / HOUR - 0.25) * HOUR);
      // The plan mark passed every move: each customer's folded usage sits under their plan now.
      const byPlan = await h.store.raw.query<{ plan_id: string; n: number | string }>(
        'SELECT plan_id, SUM(generations) AS n FROM analytics_usage_daily GROUP BY plan_id HAVING SUM(generations) <> 0 ORDER BY plan_id',
      );
      const current = await h.store.raw.query<{ plan_id: string; n: number | string }>(
        `SELECT c.plan_id, COUNT(*) AS n FROM usage_events u JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = u.customer_id
         WHERE u.created_at < ? GROUP BY c.plan_id ORDER BY c.plan_id`,
        [await mark()],
      );
      expect(byPlan.map((r) => [r.plan_id, Number(r.n)])).toEqual(
        current.map((r) => [r.plan_id, Number(r.n)]),
      );
      expect(await answers(h)).toEqual(await rawAnswers(h));
      expect(START % DAY_MS).toBe(12 * HOUR);
    });
  });
}
