/**
 * Engine suite: allowances that reset by calendar period with no scheduler (issue 6 item 7).
 * A price-0 plan's monthly credits are granted once per calendar month, lazily when the
 * customer is next read or charged, never twice under concurrent calls; the free plan's
 * free-model generations reset at the month boundary with no sweep.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import { credits } from '../../src/domain/credits.ts';
import type { Store } from '../../src/store/store.ts';
import {
  addCustomer,
  createHarness,
  expectFail,
  expectOk,
  type Harness,
  TENANT,
} from '../support/engine-harness.ts';
import { createTestCatalog } from '../support/test-catalog.ts';

const FEB = Date.UTC(2025, 1, 1);
const MAR = Date.UTC(2025, 2, 1);
const APR = Date.UTC(2025, 3, 1);

/** The test catalog with 50 monthly credits on the free plan. */
function withFreeAllowance(): Partial<Catalog> {
  const plans = createTestCatalog().plans.map((p) =>
    p.id === 'free' ? { ...p, monthlyCredits: credits(50) } : p,
  );
  return { plans };
}

export function runAllowanceSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`engine allowance: ${name}`, () => {
    let h: Harness;
    afterEach(async () => {
      expect((await h.engine.verify()).problems).toEqual([]);
      await h.store.close();
    });
    const at = (ms: number) => h.advance(ms - h.now());
    const summary = async (id: string) => expectOk(await h.engine.getCustomer(TENANT, id));
    const charge = (customerId: string, modelId: string, params = {}) =>
      h.engine.charge({ tenantId: TENANT, customerId, modelId, params, idempotencyKey: h.key() });
    const periods = (id: string) => h.store.read((tx) => tx.allowance.listPeriods(TENANT, id));
    const planGrants = async (id: string, ref: string) => {
      const page = expectOk(await h.engine.listLedger({ tenantId: TENANT, customerId: id, limit: 500 }));
      return page.transactions.filter((t) => t.kind === 'grant' && t.ref === ref);
    };

    it("grants a free plan's monthly allowance once per calendar month, lazily on read and on charge", async () => {
      h = await createHarness(makeStore, withFreeAllowance());
      await addCustomer(h, 'c1');
      const first = await summary('c1');
      expect(first.bySource).toEqual({ 'reward:welcome': 10, plan: 50 });
      expect(first.customer).toMatchObject({ periodStart: Date.UTC(2025, 0, 1), periodEnd: FEB });
      expectOk(await charge('c1', 'image'));
      expect((await summary('c1')).bySource.plan).toBe(45);
      expect(await periods('c1')).toHaveLength(1);

      // Read: the January allowance ends (no rollover), February's is granted, once.
      at(FEB + 1);
      const feb = await summary('c1');
      expect(feb.bySource).toEqual({ 'reward:welcome': 10, plan: 50 });
      expect(feb.customer).toMatchObject({ periodStart: FEB, periodEnd: MAR });
      const page = expectOk(await h.engine.listLedger({ tenantId: TENANT, customerId: 'c1', limit: 2 }));
      expect(page.transactions.map((t) => [t.kind, t.credits, t.ref])).toEqual([
        ['expiry', -45, 'period:free:2025-02'],
        ['grant', 50, 'period:free:2025-02'],
      ]);
      expect((await summary('c1')).bySource.plan).toBe(50);
      expect(await periods('c1')).toHaveLength(2);

      // Charge with no read first: the receipt already counts March's allowance.
      at(MAR + 3_600_000);
      const receipt = expectOk(await charge('c1', 'image'));
      expect(receipt.balance.balance).toBe(10 + 50 - 5);
      const march = await summary('c1');
      expect(march.lots.find((l) => l.id === receipt.lots[0]?.lotId)).toMatchObject({
        source: 'plan',
        ref: 'period:free:2025-03',
      });
      expect((await periods('c1')).map((p) => p.periodStart)).toEqual([Date.UTC(2025, 0, 1), FEB, MAR]);
      expect(await planGrants('c1', 'period:free:2025-03')).toHaveLength(1);
    });

    it('never grants a month twice under concurrent reads and charges', async () => {
      h = await createHarness(makeStore, withFreeAllowance());
      await addCustomer(h, 'c1');
      await addCustomer(h, 'c2');
      at(APR + 1_000);
      const calls = await Promise.all([
        ...['c1', 'c2', 'c1', 'c2', 'c1', 'c2'].map((id) => h.engine.getCustomer(TENANT, id)),
        ...['c1', 'c2', 'c1', 'c2'].map((id) => charge(id, 'chat')),
      ]);
      for (const call of calls) expectOk<unknown>(call);
      for (const id of ['c1', 'c2']) {
        expect(await planGrants(id, 'period:free:2025-04')).toHaveLength(1);
        expect((await summary(id)).bySource.plan).toBe(50 - 2 * 2);
        expect((await periods(id)).filter((p) => p.periodStart === APR)).toHaveLength(1);
      }
    });

    it('moves a free plan without monthly credits to the next calendar period too', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1');
      at(FEB + 5);
      expect((await summary('c1')).customer).toMatchObject({ periodStart: FEB, periodEnd: MAR });
      expect((await summary('c1')).bySource).toEqual({ 'reward:welcome': 10 });
    });

    it('resets the 50 free generations at the month boundary, with no sweep', async () => {
      const preset = expectOk(await loadPreset('directors-palette'));
      h = await createHarness(makeStore, preset);
      await addCustomer(h, 'c1');
      at(FEB - 3_600_000);
      for (let i = 0; i < 50; i++) expectOk(await charge('c1', 'kimi-k2-free'));
      const over = expectFail(await charge('c1', 'kimi-k2-free'));
      expect(over.code).toBe('quota_exceeded');
      const jan = await summary('c1');
      expect(jan.quotas).toContainEqual(expect.objectContaining({ key: 'free', remainingThisMonth: 0 }));
      at(FEB);
      const feb = await summary('c1');
      expect(feb.quotas).toContainEqual(expect.objectContaining({ key: 'free', remainingThisMonth: 50 }));
      expectOk(await charge('c1', 'kimi-k2-free'));
      const after = await summary('c1');
      expect(after.quotas).toContainEqual(expect.objectContaining({ key: 'free', remainingThisMonth: 49 }));
      // Director's Palette has no daily credit: nothing but the quota changed.
      expect(after.bySource).toEqual({});
      expect(after.balance.balance).toBe(0);
    });
  });
}
