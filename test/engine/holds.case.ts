/**
 * Engine suite, part 1: holds, commits, voids, charges, refunds, expiry and idempotency.
 * Runs against any store (`runEngineSuite`), so the PostgreSQL adapter gets it too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import {
  addCustomer,
  balanceOf,
  createHarness,
  expectFail,
  expectOk,
  type Harness,
  TENANT,
} from '../support/engine-harness.ts';

export function runHoldSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`engine holds: ${name}`, () => {
    let h: Harness;
    const setup = async (overrides = {}) => {
      h = await createHarness(makeStore, overrides);
      return h;
    };
    afterEach(async () => {
      expect((await h.engine.verify()).problems).toEqual([]);
      await h.store.close();
    });
    const authorize = (customerId: string, modelId: string, params = {}, key = h.key()) =>
      h.engine.authorize({ tenantId: TENANT, customerId, modelId, params, idempotencyKey: key });

    it('authorizes, commits the actual usage and draws lots in consumption order', async () => {
      await setup();
      await addCustomer(h, 'c1', 50);
      const auth = expectOk(await authorize('c1', 'clip', { variant: 'c' }));
      expect(auth.hold.credits).toBe(9);
      expect(auth.balance).toEqual({ balance: 60, held: 9, available: 51, overdraftLimit: 0 });
      expect(auth.alternatives.map((a) => a.modelId)).toEqual(['image']);
      const receipt = expectOk(
        await h.engine.commit({
          tenantId: TENANT,
          holdId: auth.hold.id,
          usage: { variant: 'b' },
          idempotencyKey: h.key(),
        }),
      );
      expect(receipt.creditsCharged).toBe(5);
      expect(receipt.lots).toHaveLength(1); // welcome reward (priority 20) before purchase (100)
      expect(await balanceOf(h, 'c1')).toEqual({ balance: 55, held: 0, available: 55, overdraftLimit: 0 });
      const summary = expectOk(await h.engine.getCustomer(TENANT, 'c1'));
      expect(summary.bySource).toEqual({ 'reward:welcome': 5, purchase: 50 });
    });

    it('caps a commit at the hold unless the catalog allows overage', async () => {
      await setup();
      await addCustomer(h, 'c1', 50);
      const auth = expectOk(await authorize('c1', 'clip', { variant: 'a' }));
      const capped = expectOk(
        await h.engine.commit({
          tenantId: TENANT,
          holdId: auth.hold.id,
          usage: { variant: 'c' },
          idempotencyKey: h.key(),
        }),
      );
      expect(capped.creditsCharged).toBe(2);
      await h.store.close();
      await setup({ allowOverage: true });
      await addCustomer(h, 'c2', 50);
      const auth2 = expectOk(await authorize('c2', 'clip', { variant: 'a' }));
      const over = expectOk(
        await h.engine.commit({
          tenantId: TENANT,
          holdId: auth2.hold.id,
          usage: { variant: 'c' },
          idempotencyKey: h.key(),
        }),
      );
      expect(over.creditsCharged).toBe(9);
    });

    it('refuses insufficient credits with the packs and plans that would cover', async () => {
      await setup();
      await addCustomer(h, 'c1');
      const error = expectFail(await authorize('c1', 'image', { count: 3 }));
      expect(error.code).toBe('insufficient_credits');
      expect(error.details?.shortfall).toBe(5);
      const offers = error.details?.offers as { id: string }[];
      expect(offers.map((o) => o.id)).toEqual(['small', 'big', 'pro']);
      expect(await balanceOf(h, 'c1')).toEqual({ balance: 10, held: 0, available: 10, overdraftLimit: 0 });
    });

    it('refuses unknown models, models the plan does not include, and bad params by field', async () => {
      await setup();
      await addCustomer(h, 'c1', 100);
      expect(expectFail(await authorize('c1', 'nope')).code).toBe('unknown_model');
      const notEntitled = expectFail(await authorize('c1', 'video', { variant: '5s' }));
      expect(notEntitled.code).toBe('not_entitled');
      expect(notEntitled.details?.plans).toEqual(['pro']);
      expect(expectFail(await authorize('c1', 'image', { count: 1.5 })).param).toBe('params.count');
      expect(expectFail(await authorize('', 'image')).param).toBe('customer');
      expect(expectFail(await authorize('ghost', 'image')).code).toBe('not_found');
    });

    it('voids a hold, gives the credits back, and refuses to commit or void it again', async () => {
      await setup();
      await addCustomer(h, 'c1');
      const auth = expectOk(await authorize('c1', 'image'));
      const voided = expectOk(
        await h.engine.void({ tenantId: TENANT, holdId: auth.hold.id, idempotencyKey: h.key() }),
      );
      expect(voided.hold.status).toBe('voided');
      expect(voided.balance.available).toBe(10);
      const again = expectFail(
        await h.engine.commit({ tenantId: TENANT, holdId: auth.hold.id, idempotencyKey: h.key() }),
      );
      expect(again.code).toBe('hold_not_active');
      expect(
        expectFail(await h.engine.void({ tenantId: TENANT, holdId: auth.hold.id, idempotencyKey: h.key() }))
          .code,
      ).toBe('hold_not_active');
      expect(
        expectFail(await h.engine.void({ tenantId: TENANT, holdId: 'nope', idempotencyKey: h.key() })).code,
      ).toBe('not_found');
    });

    it('refuses a hold past the catalog cap of active holds, and takes one again once a hold ends', async () => {
      await setup({ maxActiveHolds: 3 });
      await addCustomer(h, 'c1', 50);
      const holds = [];
      for (let i = 0; i < 3; i += 1) holds.push(expectOk(await authorize('c1', 'image')).hold.id);
      const refused = expectFail(await authorize('c1', 'image'));
      expect(refused).toMatchObject({ code: 'too_many_holds', param: 'customer' });
      expect(refused.details).toEqual({ max_active_holds: 3 });
      expect((await balanceOf(h, 'c1')).held).toBe(3 * 5);
      expectOk(
        await h.engine.void({ tenantId: TENANT, holdId: holds[0] as string, idempotencyKey: h.key() }),
      );
      expectOk(await authorize('c1', 'image'));
    });

    it('draws past the lots an authorize reads first when they do not cover the charge', async () => {
      h = await createHarness(makeStore, {}, {}, 4); // authorize and commit read 4 lots first
      await addCustomer(h, 'c1', 0);
      // The 5-credit welcome reward and 10 one-credit promotional lots: 9 credits need 5 lots.
      for (let i = 0; i < 10; i += 1) {
        expectOk(
          await h.engine.grant({
            tenantId: TENANT,
            customerId: 'c1',
            credits: 1,
            source: 'promotional',
            idempotencyKey: h.key(),
          }),
        );
      }
      const before = await balanceOf(h, 'c1');
      const auth = expectOk(await authorize('c1', 'clip', { variant: 'c' }));
      const receipt = expectOk(
        await h.engine.commit({ tenantId: TENANT, holdId: auth.hold.id, idempotencyKey: h.key() }),
      );
      expect(receipt.creditsCharged).toBe(9);
      expect(receipt.lots.reduce((n, l) => n + l.credits, 0)).toBe(9);
      expect(await balanceOf(h, 'c1')).toEqual({
        ...before,
        balance: before.balance - 9,
        available: before.available - 9,
      });
    });

    it('expires holds past their time to live, by sweep and lazily', async () => {
      await setup();
      await addCustomer(h, 'c1');
      await addCustomer(h, 'c2');
      const a1 = expectOk(await authorize('c1', 'image'));
      expectOk(await authorize('c2', 'image'));
      h.advance(901_000);
      expect(await h.engine.sweepExpired()).toMatchObject({ holdsExpired: 2 });
      expect(await balanceOf(h, 'c2')).toMatchObject({ held: 0, available: 10 });
      const late = expectFail(
        await h.engine.commit({ tenantId: TENANT, holdId: a1.hold.id, idempotencyKey: h.key() }),
      );
      expect(late.details?.status).toBe('expired');
    });

    it('expires lots with a journal movement, and never lets a hold lean on a lot that dies first', async () => {
      await setup();
      await addCustomer(h, 'c1');
      const soon = h.now() + 60_000;
      expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId: 'c1',
          credits: 20,
          source: 'promotional',
          expiresAt: soon,
          idempotencyKey: h.key(),
        }),
      );
      expect(expectFail(await authorize('c1', 'image', { count: 3 })).code).toBe('insufficient_credits');
      h.advance(60_000);
      expect(await balanceOf(h, 'c1')).toMatchObject({ balance: 10 });
      const page = expectOk(await h.engine.listLedger({ tenantId: TENANT, customerId: 'c1' }));
      expect(page.transactions[0]).toMatchObject({ kind: 'expiry', credits: -20 });
    });

    it('charges in one step and refunds into the original lots, or a new short-lived lot once expired', async () => {
      await setup();
      await addCustomer(h, 'c1');
      const exp = h.now() + 3_600_000;
      expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId: 'c1',
          credits: 4,
          source: 'promotional',
          expiresAt: exp,
          idempotencyKey: h.key(),
        }),
      );
      const receipt = expectOk(
        await h.engine.charge({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'clip',
          params: { variant: 'c' },
          idempotencyKey: h.key(),
        }),
      );
      expect(receipt.lots.map((l) => l.credits)).toEqual([4, 5]); // soonest expiry first at equal priority
      const part = expectOk(
        await h.engine.refund({
          tenantId: TENANT,
          chargeId: receipt.chargeId,
          credits: 3,
          idempotencyKey: h.key(),
        }),
      );
      expect(part.lots).toEqual([{ lotId: receipt.lots[1]?.lotId, credits: 3, newLot: false }]);
      h.advance(3_600_000);
      const rest = expectOk(
        await h.engine.refund({ tenantId: TENANT, chargeId: receipt.chargeId, idempotencyKey: h.key() }),
      );
      expect(rest.refunded).toBe(6);
      expect(rest.lots.map((l) => [l.credits, l.newLot])).toEqual([
        [2, false],
        [4, true],
      ]);
      const lots = expectOk(await h.engine.getCustomer(TENANT, 'c1')).lots;
      expect(lots.find((l) => l.source === 'refund')?.expiresAt).toBe(h.now() + 7 * 86_400_000);
      const over = expectFail(
        await h.engine.refund({ tenantId: TENANT, chargeId: receipt.chargeId, idempotencyKey: h.key() }),
      );
      expect(over.code).toBe('charge_not_refundable');
    });

    it('answers the first answer to a repeated key, a stored failure too, and refuses a changed input', async () => {
      await setup();
      await addCustomer(h, 'c1');
      const first = await authorize('c1', 'image', {}, 'same');
      const again = await authorize('c1', 'image', {}, 'same');
      expect(again).toEqual(first);
      expect(await balanceOf(h, 'c1')).toMatchObject({ held: 5 });
      const conflict = expectFail(await authorize('c1', 'chat', {}, 'same'));
      expect(conflict.code).toBe('idempotency_conflict');
      expect(conflict.message).toBe(
        'idempotency key was first used for a different authorize request: model id is chat here, image the first time',
      );
      const refused = await authorize('c1', 'image', { count: 4 }, 'poor');
      // A refused request spends its key too: another request with it is a conflict naming the field.
      const changed = expectFail(await authorize('c1', 'image', { count: 2 }, 'poor'));
      expect(changed.message).toMatch(/: body\.params\.count is 2 here, 4 the first time$/);
      expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId: 'c1',
          credits: 100,
          source: 'purchase',
          idempotencyKey: h.key(),
        }),
      );
      expect(await authorize('c1', 'image', { count: 4 }, 'poor')).toEqual(refused);
      const otherTenant = await h.engine.authorize({
        tenantId: 'tenant-2',
        customerId: 'c1',
        modelId: 'image',
        params: {},
        idempotencyKey: 'same',
      });
      expect(expectFail(otherTenant).code).toBe('not_found');
    });

    it('lets a customer with an overdraft limit go below zero, and repays it from the next grant', async () => {
      await setup();
      await addCustomer(h, 'c1', 0, { overdraftLimit: 10 });
      const r = expectOk(
        await h.engine.charge({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'clip',
          params: { variant: 'c' },
          idempotencyKey: h.key(),
        }),
      );
      expect(r.creditsCharged).toBe(9);
      const r2 = expectOk(
        await h.engine.charge({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'clip',
          params: { variant: 'c' },
          idempotencyKey: h.key(),
        }),
      );
      expect(r2.balance.available).toBe(-8);
      expect(expectFail(await authorize('c1', 'clip', { variant: 'b' })).code).toBe('insufficient_credits');
      const g = expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId: 'c1',
          credits: 20,
          source: 'purchase',
          idempotencyKey: h.key(),
        }),
      );
      expect(g.repaid).toBe(8);
      expect(g.balance.available).toBe(12);
    });
  });
}
