/**
 * Engine suite: the daily free credit on the MusicGen preset, which declares it twice (plan
 * `daily_credits: 1` and reward `daily`) and must grant one a day. It is granted lazily on the
 * first read or write of the day, under the same claim as `claimReward('daily')`, so the two
 * never both grant a day; once the day is granted, the hot path runs no grant statement.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/catalog/load.ts';
import type { Store, StoreTx } from '../../src/store/store.ts';
import {
  addCustomer,
  createHarness,
  expectFail,
  expectOk,
  type Harness,
  TENANT,
} from '../support/engine-harness.ts';

const DAY = 86_400_000;

/** A store whose writes count the calls their transactions make to the grant queries. */
function countGrantQueries(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const counted = <T extends object>(group: T): T =>
    new Proxy(group, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls += 1;
          return value.apply(target, args);
        };
      },
    });
  const wrap = (tx: StoreTx): StoreTx => ({
    ...tx,
    rewards: counted(tx.rewards),
    allowance: counted(tx.allowance),
  });
  return {
    store: { ...store, write: (scope, fn) => store.write(scope, (tx) => fn(wrap(tx))) },
    calls: () => calls,
  };
}

export function runDailySuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`engine daily credit: ${name}`, () => {
    let h: Harness;
    afterEach(async () => {
      expect((await h.engine.verify()).problems).toEqual([]);
      await h.store.close();
    });
    const musicgen = async () => expectOk(await loadPreset('musicgen'));
    const summary = async (id: string) => expectOk(await h.engine.getCustomer(TENANT, id));
    const claimDaily = (customerId: string) =>
      h.engine.claimReward({ tenantId: TENANT, customerId, kind: 'daily', idempotencyKey: h.key() });
    const clip = (customerId: string, duration = 5) =>
      h.engine.charge({
        tenantId: TENANT,
        customerId,
        modelId: 'musicgen',
        params: { duration },
        idempotencyKey: h.key(),
      });
    const dailyClaims = async (id: string) =>
      (await h.store.read((tx) => tx.rewards.list(TENANT, id))).filter((c) => c.kind === 'daily');

    it('grants one credit a day, on sign-up, on read or on charge, and a claim the same day gets none', async () => {
      h = await createHarness(makeStore, await musicgen());
      await addCustomer(h, 'm1');
      expect((await summary('m1')).bySource).toEqual({ 'reward:welcome': 10, 'reward:daily': 1 });
      expect(expectFail(await claimDaily('m1')).code).toBe('reward_not_eligible');
      expect((await summary('m1')).balance.balance).toBe(11);

      // Next day, the explicit claim comes first: it is the day's grant; nothing after adds one.
      h.advance(DAY);
      expect(expectOk(await claimDaily('m1'))).toMatchObject({ credits: 1, periodKey: '2025-01-11' });
      expect((await summary('m1')).balance.balance).toBe(12);
      expect(expectOk(await clip('m1')).balance.balance).toBe(11);
      expect(expectFail(await claimDaily('m1')).code).toBe('reward_not_eligible');

      // Next day, a charge comes first: its receipt counts the day's credit.
      h.advance(DAY);
      expect(expectOk(await clip('m1')).balance.balance).toBe(11);
      expect(expectFail(await claimDaily('m1')).code).toBe('reward_not_eligible');

      // Next day, a read comes first.
      h.advance(DAY);
      expect((await summary('m1')).balance.balance).toBe(12);
      expect(expectFail(await claimDaily('m1')).code).toBe('reward_not_eligible');
      expect((await summary('m1')).balance.balance).toBe(12);
      expect((await dailyClaims('m1')).map((c) => c.periodKey)).toEqual([
        '2025-01-10',
        '2025-01-11',
        '2025-01-12',
        '2025-01-13',
      ]);
    });

    it('grants the day once under concurrent reads, claims and charges', async () => {
      h = await createHarness(makeStore, await musicgen());
      await addCustomer(h, 'm1');
      h.advance(DAY);
      const [claims, others] = await Promise.all([
        Promise.all([claimDaily('m1'), claimDaily('m1'), claimDaily('m1')]),
        Promise.all([
          h.engine.getCustomer(TENANT, 'm1'),
          clip('m1'),
          h.engine.getCustomer(TENANT, 'm1'),
          clip('m1'),
        ]),
      ]);
      for (const other of others) expectOk<unknown>(other);
      expect(claims.filter((c) => c.ok).length).toBeLessThanOrEqual(1);
      expect(await dailyClaims('m1')).toHaveLength(2);
      expect((await summary('m1')).balance.balance).toBe(10 + 1 + 1 - 2);
    });

    it('runs no grant statement on authorize and commit once the day is granted', async () => {
      const counting = countGrantQueries(await makeStore());
      h = await createHarness(async () => counting.store, await musicgen());
      await addCustomer(h, 'm1');
      const before = counting.calls();
      const hold = expectOk(
        await h.engine.authorize({
          tenantId: TENANT,
          customerId: 'm1',
          modelId: 'musicgen',
          params: { duration: 10 },
          idempotencyKey: h.key(),
        }),
      );
      expectOk(await h.engine.commit({ tenantId: TENANT, holdId: hold.hold.id, idempotencyKey: h.key() }));
      expect(counting.calls()).toBe(before);
      // The next day the first write does look (so the counter can see it).
      h.advance(DAY);
      expectOk(await clip('m1'));
      expect(counting.calls()).toBeGreaterThan(before);
    });
  });
}
