/**
 * Engine suite, part 2: customers, plans, quotas, rewards, warnings, adjustments,
 * clawbacks, the ledger and usage reads.
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

const DAY = 86_400_000;

export function runAccountSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`engine accounts: ${name}`, () => {
    let h: Harness;
    afterEach(async () => {
      expect((await h.engine.verify()).problems).toEqual([]);
      await h.store.close();
    });
    const claim = (
      customerId: string,
      kind: 'welcome' | 'email_verified' | 'social_share' | 'referral' | 'daily',
    ) => h.engine.claimReward({ tenantId: TENANT, customerId, kind, idempotencyKey: h.key() });

    it('creates a customer once, with the welcome reward as its own lot source', async () => {
      h = await createHarness(makeStore);
      const c = expectOk(
        await h.engine.createCustomer({
          tenantId: TENANT,
          customerId: 'c1',
          email: 'a@b.c',
          idempotencyKey: 'k',
        }),
      );
      expect(c).toMatchObject({ id: 'c1', planId: 'free', email: 'a@b.c' });
      expect(expectOk(await h.engine.getCustomer(TENANT, 'c1')).bySource).toEqual({ 'reward:welcome': 10 });
      const dup = expectFail(
        await h.engine.createCustomer({ tenantId: TENANT, customerId: 'c1', idempotencyKey: 'k2' }),
      );
      expect(dup.code).toBe('customer_exists');
      expect(
        expectFail(
          await h.engine.createCustomer({
            tenantId: TENANT,
            customerId: 'c2',
            planId: 'gold',
            idempotencyKey: 'k3',
          }),
        ).code,
      ).toBe('unknown_plan');
      expect(expectFail(await claim('c1', 'welcome')).code).toBe('reward_not_eligible');
    });

    // The daily credit is granted lazily on every write; allowance.case.ts tests it on MusicGen.
    it('limits rewards: email once, social share once a day, no daily credit the catalog lacks', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1');
      expect(expectOk(await claim('c1', 'email_verified')).credits).toBe(5);
      expect(expectFail(await claim('c1', 'email_verified')).code).toBe('reward_not_eligible');
      expectOk(await claim('c1', 'social_share'));
      expect(expectFail(await claim('c1', 'social_share')).code).toBe('reward_not_eligible');
      expect(expectFail(await claim('c1', 'daily')).code).toBe('reward_not_eligible');
      h.advance(DAY);
      expectOk(await claim('c1', 'social_share'));
      expect((await balanceOf(h, 'c1')).balance).toBe(10 + 5 + 2 + 2);
      expectOk(
        await h.engine.changePlan({
          tenantId: TENANT,
          customerId: 'c1',
          planId: 'pro',
          idempotencyKey: h.key(),
        }),
      );
      h.advance(DAY);
      expect(expectFail(await claim('c1', 'daily')).code).toBe('reward_not_eligible');
    });

    it('grants the referral to both only when the new referred customer verifies email or buys', async () => {
      h = await createHarness(makeStore);
      const ref = expectOk(
        await h.engine.createCustomer({ tenantId: TENANT, customerId: 'r', idempotencyKey: h.key() }),
      );
      expectOk(
        await h.engine.createCustomer({
          tenantId: TENANT,
          customerId: 'n',
          referralCode: ref.referralCode,
          idempotencyKey: h.key(),
        }),
      );
      expect(expectFail(await claim('n', 'referral')).code).toBe('reward_not_eligible');
      expect(expectFail(await claim('r', 'referral')).code).toBe('reward_not_eligible');
      expectOk(await claim('n', 'email_verified'));
      expect((await balanceOf(h, 'n')).balance).toBe(25);
      expect((await balanceOf(h, 'r')).balance).toBe(20);
      expect(expectFail(await claim('n', 'referral')).code).toBe('reward_not_eligible');
      expectOk(
        await h.engine.createCustomer({
          tenantId: TENANT,
          customerId: 'b',
          referralCode: ref.referralCode,
          idempotencyKey: h.key(),
        }),
      );
      expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId: 'b',
          credits: 100,
          source: 'purchase',
          idempotencyKey: h.key(),
        }),
      );
      expect((await balanceOf(h, 'r')).balance).toBe(30);
      const bad = expectFail(
        await h.engine.createCustomer({
          tenantId: TENANT,
          customerId: 'x',
          referralCode: 'NOPE',
          idempotencyKey: h.key(),
        }),
      );
      expect(bad.param).toBe('referral_code');
      expectOk(
        await h.engine.createCustomer({
          tenantId: TENANT,
          customerId: 'e',
          email: 'E@x.io',
          idempotencyKey: h.key(),
        }),
      );
      const again = { tenantId: TENANT, customerId: 'e2', email: 'e@X.io', referralCode: ref.referralCode };
      expect(expectFail(await h.engine.createCustomer({ ...again, idempotencyKey: h.key() })).code).toBe(
        'reward_not_eligible',
      );
    });

    it('enforces the video bucket with bursts and the monthly cap, gives back on void, says when it frees up', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1', 1000, { planId: 'pro' });
      const params = { variant: '5s' };
      const video = () =>
        h.engine.charge({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'video',
          params,
          idempotencyKey: h.key(),
        });
      expectOk(await video());
      expectOk(await video());
      const held = expectOk(
        await h.engine.authorize({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'video',
          params,
          idempotencyKey: h.key(),
        }),
      );
      const refused = expectFail(await video());
      expect(refused.code).toBe('quota_exceeded');
      expect(refused.details).toMatchObject({ limit: 'daily', retryAfterSeconds: 43_200 });
      expectOk(await h.engine.void({ tenantId: TENANT, holdId: held.hold.id, idempotencyKey: h.key() }));
      expect(expectOk(await video()).warnings).toEqual([]);
      h.advance(DAY);
      expect(expectOk(await video()).warnings.map((w) => w.kind)).toEqual(['quota_nearly_used']);
      expect(expectOk(await video()).warnings).toEqual([]);
      const monthly = expectFail(await video());
      expect(monthly.details).toMatchObject({ limit: 'monthly', freesAt: Date.UTC(2025, 1, 1) });
    });

    it('counts free-model generations against the free plan only', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1');
      for (let i = 0; i < 3; i++) {
        expectOk(
          await h.engine.charge({
            tenantId: TENANT,
            customerId: 'c1',
            modelId: 'chat-free',
            params: {},
            idempotencyKey: h.key(),
          }),
        );
      }
      const over = expectFail(
        await h.engine.charge({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'chat-free',
          params: {},
          idempotencyKey: h.key(),
        }),
      );
      expect(over.code).toBe('quota_exceeded');
      const summary = expectOk(await h.engine.getCustomer(TENANT, 'c1'));
      expect(summary.quotas).toContainEqual(expect.objectContaining({ key: 'free', remainingThisMonth: 0 }));
    });

    it('fires each warning once per threshold per period, in the answer and the outbox', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1');
      const charge = () =>
        h.engine.charge({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'chat',
          params: {},
          idempotencyKey: h.key(),
        });
      for (let i = 0; i < 3; i++) expect(expectOk(await charge()).warnings).toEqual([]);
      expect(expectOk(await charge()).warnings.map((w) => w.kind)).toEqual(['low_balance']);
      expect(expectOk(await charge()).warnings.map((w) => w.kind)).toEqual(['depleted']);
      expect(expectFail(await charge()).code).toBe('insufficient_credits');
      const events = await h.store.read((tx) => tx.outbox.listForTenant(TENANT, 20));
      expect(events.map((e) => e.type).sort()).toEqual(['balance.depleted', 'balance.low', 'reward.granted']);
    });

    it('adjusts both ways, refuses to take more than available, and claws back a purchase', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1');
      expectOk(
        await h.engine.adjust({
          tenantId: TENANT,
          customerId: 'c1',
          credits: 5,
          reason: 'goodwill',
          idempotencyKey: h.key(),
        }),
      );
      const taken = expectOk(
        await h.engine.adjust({
          tenantId: TENANT,
          customerId: 'c1',
          credits: -12,
          reason: 'fix',
          idempotencyKey: h.key(),
        }),
      );
      expect(taken.balance.balance).toBe(3);
      expect(
        expectFail(
          await h.engine.adjust({
            tenantId: TENANT,
            customerId: 'c1',
            credits: -4,
            reason: 'x',
            idempotencyKey: h.key(),
          }),
        ).code,
      ).toBe('insufficient_credits');
      expect(
        expectFail(
          await h.engine.adjust({
            tenantId: TENANT,
            customerId: 'c1',
            credits: 0.5,
            reason: 'x',
            idempotencyKey: h.key(),
          }),
        ).param,
      ).toBe('credits');
      expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId: 'c1',
          credits: 50,
          source: 'purchase',
          ref: 'pi_1',
          idempotencyKey: h.key(),
        }),
      );
      expectOk(
        await h.engine.charge({
          tenantId: TENANT,
          customerId: 'c1',
          modelId: 'image',
          params: { count: 2 },
          idempotencyKey: h.key(),
        }),
      );
      const back = expectOk(
        await h.engine.clawback({
          tenantId: TENANT,
          customerId: 'c1',
          ref: 'pi_1',
          reason: 'dispute',
          flag: true,
          idempotencyKey: h.key(),
        }),
      );
      expect(back.clawedBack).toBe(43);
      expect(expectOk(await h.engine.getCustomer(TENANT, 'c1')).customer.flagged).toBe(true);
    });

    it('pages the ledger newest first and reads usage by model, day and customer', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1', 100);
      for (let i = 0; i < 3; i++) {
        expectOk(
          await h.engine.charge({
            tenantId: TENANT,
            customerId: 'c1',
            modelId: 'image',
            params: {},
            idempotencyKey: h.key(),
          }),
        );
        h.advance(DAY);
      }
      const first = expectOk(await h.engine.listLedger({ tenantId: TENANT, customerId: 'c1', limit: 2 }));
      expect(first.transactions.map((t) => [t.kind, t.credits])).toEqual([
        ['usage', -5],
        ['usage', -5],
      ]);
      const rest = expectOk(
        await h.engine.listLedger({
          tenantId: TENANT,
          customerId: 'c1',
          limit: 10,
          cursor: first.nextCursor,
        }),
      );
      expect(rest.transactions.map((t) => t.kind)).toEqual(['usage', 'grant', 'grant']);
      expect(rest.nextCursor).toBeNull();
      const range = { tenantId: TENANT, from: h.now() - 5 * DAY, to: h.now() };
      expect(expectOk(await h.engine.readUsage({ ...range, by: 'model' }))).toEqual([
        { key: 'image', generations: 3, credits: 15, providerCostMicros: 60_000, unknownCostGenerations: 0 },
      ]);
      expect(expectOk(await h.engine.readUsage({ ...range, by: 'day' }))).toHaveLength(3);
      expect(expectOk(await h.engine.readUsage({ ...range, by: 'customer' }))[0]).toMatchObject({
        key: 'c1',
        credits: 15,
      });
      const summary = expectOk(await h.engine.getCustomer(TENANT, 'c1'));
      expect(summary.projection).toMatchObject({ used7d: 15, used30d: 15 });
    });
  });
}
