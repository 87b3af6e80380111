/**
 * Engine suite: `startPlanPeriod`, as a paid renewal (Stripe `invoice.paid`) calls it. It
 * grants the period's allowance and ends the last one's: everything with `rolloverCap` 0, at
 * most the cap kept otherwise; the same period never starts twice; credits active holds
 * reserve are never ended; the journal balances (`verify` after every test).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Catalog, findPlan } from '../../src/domain/catalog.ts';
import { credits } from '../../src/domain/credits.ts';
import { PLAN_LOT_GRACE_MS, startPlanPeriod } from '../../src/engine/allowance.ts';
import { createEngineContext } from '../../src/engine/context.ts';
import { openCustomer } from '../../src/engine/open-customer.ts';
import type { Store } from '../../src/store/store.ts';
import { addCustomer, createHarness, expectOk, type Harness, TENANT } from '../support/engine-harness.ts';
import { createTestCatalog } from '../support/test-catalog.ts';

const DAY = 86_400_000;
const JAN_10 = Date.UTC(2025, 0, 10);
const FEB_10 = Date.UTC(2025, 1, 10);
const MAR_10 = Date.UTC(2025, 2, 10);
const APR_10 = Date.UTC(2025, 3, 10);

/** The test catalog with the Pro plan's rollover cap set. */
function withRollover(cap: number): Partial<Catalog> {
  const plans = createTestCatalog().plans.map((p) =>
    p.id === 'pro' ? { ...p, rolloverCap: credits(cap) } : p,
  );
  return { plans };
}

export function runPlanPeriodSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`engine plan periods: ${name}`, () => {
    let h: Harness;
    afterEach(async () => {
      expect((await h.engine.verify()).problems).toEqual([]);
      await h.store.close();
    });
    const at = (ms: number) => h.advance(ms - h.now());
    const summary = async () => expectOk(await h.engine.getCustomer(TENANT, 'c1'));
    const video = (variant: '5s' | '10s') =>
      h.engine.charge({
        tenantId: TENANT,
        customerId: 'c1',
        modelId: 'video',
        params: { variant },
        idempotencyKey: h.key(),
      });
    /** Starts a period the way the Stripe renewal does: in a write, on the locked customer. */
    const start = (planId: string, from: number, to: number, ref: string) => {
      const ctx = createEngineContext({ store: h.store, now: () => h.now() });
      return h.store.write({ tenantId: TENANT, customerIds: ['c1'] }, async (tx) => {
        const state = expectOk(await openCustomer(ctx, tx, TENANT, 'c1', h.catalog));
        const plan = findPlan(h.catalog, planId);
        if (plan === undefined) throw new Error(`no plan ${planId}`);
        return startPlanPeriod(ctx, tx, state, h.catalog, plan, { start: from, end: to, ref });
      });
    };
    const planLots = async () => (await summary()).lots.filter((l) => l.source === 'plan');

    it('with rolloverCap 0 ends the whole unspent allowance, and starts a period only once', async () => {
      h = await createHarness(makeStore);
      at(JAN_10);
      await addCustomer(h, 'c1', 0, { planId: 'pro' });
      const jan = await start('pro', JAN_10, FEB_10, 'in_1');
      expect(jan).toMatchObject({ carried: 0, ended: 0 });
      expect(jan.lotId).not.toBeNull();
      expect(await planLots()).toEqual([
        expect.objectContaining({ id: jan.lotId, amount: 100, expiresAt: FEB_10 + PLAN_LOT_GRACE_MS }),
      ]);
      expectOk(await video('5s'));

      // The renewal is paid an hour after the period ended: last period's lot is still live.
      at(FEB_10 + 3_600_000);
      const feb = await start('pro', FEB_10, MAR_10, 'in_2');
      expect(feb).toMatchObject({ carried: 0, ended: 70 });
      expect((await planLots()).map((l) => [l.ref, l.remaining])).toEqual([['in_2', 100]]);
      const s = await summary();
      expect(s.balance.balance).toBe(10 + 100);
      expect(s.customer).toMatchObject({ planId: 'pro', periodStart: FEB_10, periodEnd: MAR_10 });

      expect(await start('pro', FEB_10, MAR_10, 'in_2-again')).toEqual({ lotId: null, carried: 0, ended: 0 });
      expect((await summary()).balance.balance).toBe(10 + 100);
    });

    it('with a cap carries at most the cap, as a plan lot of the new period', async () => {
      h = await createHarness(makeStore, withRollover(50));
      at(JAN_10);
      await addCustomer(h, 'c1', 0, { planId: 'pro' });
      await start('pro', JAN_10, FEB_10, 'in_1');
      expectOk(await video('10s'));
      at(FEB_10 + 1);
      // 40 unspent, under the cap: all of it is kept.
      expect(await start('pro', FEB_10, MAR_10, 'in_2')).toMatchObject({ carried: 40, ended: 0 });
      const feb = await planLots();
      expect(feb.map((l) => [l.ref, l.reason, l.remaining, l.expiresAt])).toEqual(
        expect.arrayContaining([
          ['in_2', 'Pro allowance', 100, MAR_10 + PLAN_LOT_GRACE_MS],
          ['in_1', 'rollover', 40, MAR_10 + PLAN_LOT_GRACE_MS],
        ]),
      );
      expectOk(await video('5s'));
      at(MAR_10 + 2 * DAY);
      // 110 unspent: 50 kept, 60 ended.
      expect(await start('pro', MAR_10, APR_10, 'in_3')).toMatchObject({ carried: 50, ended: 60 });
      expect((await summary()).bySource.plan).toBe(150);
      const report = await h.engine.verify();
      expect(report.systemAccounts['issued:plan']).toBe(-300);
      expect(report.systemAccounts.expired).toBe(60);
      const page = expectOk(await h.engine.listLedger({ tenantId: TENANT, customerId: 'c1', limit: 500 }));
      // Carried back to issued:plan and out again: 40 in February; 40 + 10 (two lots) in March.
      const rollovers = page.transactions.filter((t) => t.kind === 'rollover').map((t) => t.credits);
      expect(rollovers.sort((a, b) => a - b)).toEqual([-40, -40, -10, 10, 40, 40]);
    });

    it('never ends the credits an active hold reserves', async () => {
      h = await createHarness(makeStore);
      at(JAN_10);
      await addCustomer(h, 'c1', 0, { planId: 'pro' });
      await start('pro', JAN_10, FEB_10, 'in_1');
      const hold = expectOk(
        await h.engine.authorize({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'video',
          params: { variant: '10s' },
          idempotencyKey: h.key(),
        }),
      );
      // Down to a plan without allowance: 50 of the 100 can end, 60 are held (10 welcome).
      at(JAN_10 + 60_000);
      expect(await start('free', JAN_10 + 60_000, FEB_10, 'down')).toMatchObject({ lotId: null, ended: 50 });
      expect((await summary()).balance).toMatchObject({ balance: 60, held: 60, available: 0 });
      const receipt = expectOk(
        await h.engine.commit({ tenantId: TENANT, holdId: hold.hold.id, idempotencyKey: h.key() }),
      );
      expect(receipt.creditsCharged).toBe(60);
      expect((await summary()).balance).toMatchObject({ balance: 0, held: 0, available: 0 });
    });
  });
}
