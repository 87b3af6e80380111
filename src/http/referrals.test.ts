/**
 * The referral flow through the API on the MusicGen preset (welcome 10, email 5, referral 10
 * to both, and the free plan's daily credit of 1, granted on sign-up): a customer's code, sign-up with it, both lots granted when the referred customer
 * verifies email or buys, and the refusals (own code, an email that is already a customer,
 * an id that already existed, an unknown code).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/support/each-database.ts';
import { createTestApp, type TestApp } from '../../test/support/http-app.ts';
import { provisionTenant } from '../cli/tenant.ts';

forEachDatabase((db) => {
  let t: TestApp;
  let key: string;
  let code: string;

  const balanceOf = async (id: string) => {
    const res = await t.call(key, 'GET', `/v1/customers/${id}`);
    return (res.body.balance as { balance: number }).balance;
  };

  beforeAll(async () => {
    t = await createTestApp({ makeStore: db.makeStore });
    const made = await provisionTenant(t.engine, { name: 'Music', catalog: 'musicgen', tenantId: 't-music' });
    if (!made.ok) throw new Error(made.error.message);
    key = made.value.secretKey;
    const referrer = await t.call(key, 'POST', '/v1/customers', { id: 'ann', email: 'ann@example.com' });
    code = String(referrer.body.referral_code);
  });
  afterAll(() => t.close());

  describe('referrals through the API', () => {
    it("shows the customer's referral code", () => {
      expect(code).toMatch(/^[0-9A-Z]{10}$/);
    });

    it('rewards both sides once, when the referred customer verifies email', async () => {
      const signUp = await t.call(key, 'POST', '/v1/customers', {
        id: 'bob',
        email: 'bob@example.com',
        referral_code: code,
      });
      expect(signUp.status).toBe(200);
      expect(await balanceOf('bob')).toBe(11);
      expect(await balanceOf('ann')).toBe(11);

      const early = await t.call(key, 'POST', '/v1/customers/bob/rewards/referral', {});
      expect(early.status).toBe(409);
      expect(early.body.error?.code).toBe('reward_not_eligible');

      expect((await t.call(key, 'POST', '/v1/customers/bob/rewards/email_verified', {})).status).toBe(200);
      expect(await balanceOf('bob')).toBe(26);
      expect(await balanceOf('ann')).toBe(21);

      const again = await t.call(key, 'POST', '/v1/customers/bob/rewards/referral', {});
      expect(again.body.error?.code).toBe('reward_not_eligible');
      expect(await balanceOf('ann')).toBe(21);
    });

    it('rewards both sides when the referred customer buys instead', async () => {
      await t.call(key, 'POST', '/v1/customers', {
        id: 'cat',
        email: 'cat@example.com',
        referral_code: code,
      });
      const bought = await t.call(key, 'POST', '/v1/grants', {
        customer: 'cat',
        credits: 100,
        source: 'purchase',
      });
      expect(bought.status).toBe(200);
      expect(await balanceOf('cat')).toBe(121);
      expect(await balanceOf('ann')).toBe(31);
    });

    it('refuses the own code, an email already known, an existing id and an unknown code, writing nothing', async () => {
      const own = await t.call(key, 'POST', '/v1/customers', {
        id: 'ann-2',
        email: 'Ann+again@example.com',
        referral_code: code,
      });
      expect(own.status).toBe(409);
      expect(own.body.error).toMatchObject({ code: 'reward_not_eligible', param: 'referral_code' });

      const known = await t.call(key, 'POST', '/v1/customers', {
        id: 'bob-2',
        email: 'BOB@example.com',
        referral_code: code,
      });
      expect(known.body.error).toMatchObject({ code: 'reward_not_eligible', param: 'referral_code' });

      const existing = await t.call(key, 'POST', '/v1/customers', { id: 'bob', referral_code: code });
      expect(existing.status).toBe(409);
      expect(existing.body.error).toMatchObject({ code: 'customer_exists', param: 'id' });

      const unknown = await t.call(key, 'POST', '/v1/customers', { id: 'dan', referral_code: 'NOPE' });
      expect(unknown.body.error).toMatchObject({ param: 'referral_code' });

      for (const id of ['ann-2', 'bob-2', 'dan']) {
        expect((await t.call(key, 'GET', `/v1/customers/${id}`)).status).toBe(404);
      }
      expect(await balanceOf('ann')).toBe(31);
      expect((await t.engine.verify()).problems).toEqual([]);
    });
  });
});
