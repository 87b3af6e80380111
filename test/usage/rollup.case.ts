/**
 * The usage roll-up off the hot path (issue 13 item 4), on one dialect: commits and refunds
 * write no shared row, `readUsage` answers the same figures before and after the background
 * step, a crash mid-step loses and doubles nothing, and parallel steps fold each delta once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import type { Store, StoreTx } from '../../src/store/store.ts';
import { addCustomer, createHarness, expectOk, type Harness, TENANT } from '../support/engine-harness.ts';

const DAY = 86_400_000;

async function dailyRows(store: Store): Promise<number> {
  const [row] = await store.raw.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM usage_daily');
  return Number(row?.n);
}

async function pendingDeltas(store: Store): Promise<number> {
  const [row] = await store.raw.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM usage_deltas');
  return Number(row?.n);
}

/** Three days of image and chat charges by two customers, and a partial refund. */
async function playScenario(h: Harness): Promise<void> {
  await addCustomer(h, 'c1', 200);
  await addCustomer(h, 'c2', 200);
  let firstCharge = '';
  for (let d = 0; d < 3; d++) {
    for (const [customerId, modelId] of [
      ['c1', 'image'],
      ['c2', 'chat'],
      ['c2', 'image'],
    ] as const) {
      const r = expectOk(
        await h.engine.charge({ tenantId: TENANT, customerId, modelId, params: {}, idempotencyKey: h.key() }),
      );
      if (firstCharge === '') firstCharge = r.chargeId;
    }
    h.advance(DAY);
  }
  expectOk(
    await h.engine.refund({ tenantId: TENANT, chargeId: firstCharge, credits: 3, idempotencyKey: h.key() }),
  );
}

async function readAll(h: Harness) {
  const range = { tenantId: TENANT, from: h.now() - 5 * DAY, to: h.now() };
  return {
    model: expectOk(await h.engine.readUsage({ ...range, by: 'model' })),
    day: expectOk(await h.engine.readUsage({ ...range, by: 'day' })),
    customer: expectOk(await h.engine.readUsage({ ...range, by: 'customer' })),
  };
}

/** A store whose `usage.addDaily` throws after `okCalls` calls: a crash in the middle of a pass. */
function crashingStore(store: Store, okCalls: number): Store {
  let calls = 0;
  const wrap = (tx: StoreTx): StoreTx => ({
    ...tx,
    usage: {
      ...tx.usage,
      addDaily: async (row) => {
        if (++calls > okCalls) throw new Error('simulated crash');
        await tx.usage.addDaily(row);
      },
    },
  });
  return { ...store, write: (scope, fn) => store.write(scope, (tx) => fn(wrap(tx))) };
}

export function runUsageRollupSuite(
  name: string,
  makeStore: () => Promise<Store>,
  openSecond?: (s: Store) => Promise<Store>,
) {
  describe(`usage roll-up on ${name}`, () => {
    let h: Harness;
    afterEach(async () => {
      await h?.store.close();
    });

    it('writes no shared row on commit or refund and reads the same figures before and after the step', async () => {
      h = await createHarness(makeStore);
      await playScenario(h);
      expect(await dailyRows(h.store)).toBe(0);
      expect(await pendingDeltas(h.store)).toBe(10);
      const before = await readAll(h);
      expect(before.model).toEqual([
        { key: 'chat', generations: 3, credits: 6, providerCostMicros: 15_000, unknownCostGenerations: 0 },
        { key: 'image', generations: 6, credits: 27, providerCostMicros: 120_000, unknownCostGenerations: 0 },
      ]);
      expect(before.day.map((d) => d.credits)).toEqual([9, 12, 12]);
      expect(await h.engine.rollUpUsage()).toBe(10);
      expect(await pendingDeltas(h.store)).toBe(0);
      expect(await dailyRows(h.store)).toBe(6);
      expect(await readAll(h)).toEqual(before);
      const [cat] = await h.store.raw.query<{ category: string }>(
        "SELECT category FROM usage_daily WHERE model_id = 'image' ORDER BY day LIMIT 1",
      );
      expect(cat?.category).toBe('image');
    });

    it('loses and doubles nothing when the step crashes half way', async () => {
      h = await createHarness(makeStore);
      await playScenario(h);
      const before = await readAll(h);
      const broken = createEngine({ store: crashingStore(h.store, 2), now: h.now });
      await expect(broken.rollUpUsage()).rejects.toThrow('simulated crash');
      expect(await pendingDeltas(h.store)).toBe(10);
      expect(await dailyRows(h.store)).toBe(0);
      expect(await readAll(h)).toEqual(before);
      expect(await h.engine.rollUpUsage()).toBe(10);
      expect(await readAll(h)).toEqual(before);
    });

    it.skipIf(openSecond === undefined)(
      'folds each delta once when several processes run the step',
      async () => {
        h = await createHarness(makeStore);
        await playScenario(h);
        for (let i = 0; i < 40; i++) {
          expectOk(
            await h.engine.charge({
              tenantId: TENANT,
              customerId: 'c1',
              modelId: 'chat',
              params: {},
              idempotencyKey: h.key(),
            }),
          );
        }
        const before = await readAll(h);
        const second = await (openSecond as (s: Store) => Promise<Store>)(h.store);
        try {
          const other = createEngine({ store: second, now: h.now });
          // Small passes, so the steps interleave and compete for the same rows.
          const folded = await Promise.all([
            other.rollUpUsage(3),
            h.engine.rollUpUsage(3),
            other.rollUpUsage(4),
          ]);
          expect(folded.reduce((a, b) => a + b, 0)).toBe(50);
        } finally {
          await second.close();
        }
        expect(await pendingDeltas(h.store)).toBe(0);
        expect(await readAll(h)).toEqual(before);
      },
    );
  });
}
