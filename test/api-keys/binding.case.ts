/**
 * Issue 12 item 4 through the HTTP API: a customer API key (`tg_ck_…`) may place holds, charges
 * and batches for its own customer, and end the holds it placed; its monthly credit cap and
 * per-minute limit bind in the same transaction as the balance check, so 20 concurrent holds
 * against a cap never overshoot it. Run by binding.sqlite.test.ts and binding.postgres.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../../src/cli/tenant.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

const SDXL = 12; // credits of one sdxl image on the Director's Palette preset

export function describeApiKeyBinding(
  name: string,
  makeStore: (() => Promise<Store>) | undefined,
  skip = false,
) {
  describe.skipIf(skip)(`customer API keys bind on ${name}`, () => {
    let t: TestApp;
    let clock = Date.UTC(2026, 11, 5, 12, 0, 0);
    const mint = async (customer: string, body: Record<string, unknown> = {}) => {
      const made = await t.call(t.a.key, 'POST', '/v1/api-keys', { customer, ...body });
      expect(made.status).toBe(200);
      return String(made.body.key);
    };
    const addCustomer = async (id: string, plan = 'studio-pro', credits = 1_000) => {
      expect((await t.call(t.a.key, 'POST', '/v1/customers', { id, plan })).status).toBe(200);
      expect((await t.call(t.a.key, 'POST', '/v1/grants', { customer: id, credits })).status).toBe(200);
    };
    const balanceOf = async (id: string) =>
      (await t.call(t.a.key, 'GET', `/v1/customers/${id}`)).body.balance as Record<string, number>;

    beforeAll(async () => {
      t = await createTestApp({ ...(makeStore === undefined ? {} : { makeStore }), now: () => clock });
      await addCustomer('dev');
      await addCustomer('other');
    });
    afterAll(() => t.close());

    it('spends its own customer only; other customers are 404 and other routes 403', async () => {
      const key = await mint('dev');
      const own = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' });
      expect(own.status).toBe(200);
      expect(own.body.customer_id).toBe('dev');
      expect((await t.call(key, 'POST', '/v1/holds', { customer: 'dev', model: 'sdxl' })).status).toBe(200);
      for (const [url, body] of [
        ['/v1/holds', { customer: 'other', model: 'sdxl' }],
        ['/v1/charges', { customer: 'other', model: 'sdxl' }],
        ['/v1/batches', { customer: 'other', items: [{ model: 'sdxl' }] }],
      ] as const) {
        const refused = await t.call(key, 'POST', url, body);
        expect(refused.status).toBe(404);
        expect(refused.body.error).toMatchObject({ code: 'not_found', param: 'customer' });
      }
      const forbidden = await t.call(key, 'POST', '/v1/grants', { customer: 'dev', credits: 5 });
      expect(forbidden.status).toBe(403);
      expect((await t.call(key, 'GET', '/v1/customers/dev')).status).toBe(403);
      const missing = await t.call(t.a.key, 'POST', '/v1/holds', { model: 'sdxl' });
      expect(missing.status).toBe(400);
      expect(missing.body.error?.param).toBe('customer');
      // A key of tenant A means nothing to tenant B's customers, and B's key cannot end A's holds.
      expect((await t.call(t.b.key, 'POST', `/v1/holds/${String(own.body.id)}/void`, {})).status).toBe(404);
    });

    it('commits and voids the holds it placed, not the tenant’s or another key’s', async () => {
      const key = await mint('dev');
      const otherKey = await mint('dev');
      const mine = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' });
      const tenants = await t.call(t.a.key, 'POST', '/v1/holds', { customer: 'dev', model: 'sdxl' });
      expect((await t.call(key, 'POST', `/v1/holds/${String(tenants.body.id)}/void`, {})).status).toBe(404);
      expect((await t.call(otherKey, 'POST', `/v1/holds/${String(mine.body.id)}/commit`, {})).status).toBe(
        404,
      );
      const receipt = await t.call(key, 'POST', `/v1/holds/${String(mine.body.id)}/commit`, {});
      expect(receipt.status).toBe(200);
      expect(receipt.body.credits_charged).toBe(SDXL);
      const second = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' });
      expect((await t.call(key, 'POST', `/v1/holds/${String(second.body.id)}/void`, {})).status).toBe(200);
      expect((await t.call(t.a.key, 'POST', `/v1/holds/${String(tenants.body.id)}/void`, {})).status).toBe(
        200,
      );
    });

    it('never overshoots the monthly cap with 20 concurrent holds', async () => {
      await addCustomer('racer');
      const cap = 100;
      const key = await mint('racer', { monthly_credit_cap: cap });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => t.call(key, 'POST', '/v1/holds', { model: 'sdxl' })),
      );
      const placed = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status !== 200);
      expect(placed).toHaveLength(Math.floor(cap / SDXL));
      for (const a of refused) {
        expect(a.status).toBe(402);
        expect(a.body.error).toMatchObject({ type: 'credit_error', code: 'credit_cap_reached' });
      }
      expect((await balanceOf('racer')).held).toBe(placed.length * SDXL);
      const verdict = await t.call(t.a.key, 'POST', '/v1/api-keys/verify', { key });
      expect(verdict.body.credit_cap).toMatchObject({ monthly: cap, used: placed.length * SDXL });
      // Committing keeps what was counted; voiding frees room under the cap.
      const [first, second] = placed;
      expect((await t.call(key, 'POST', `/v1/holds/${String(first?.body.id)}/commit`, {})).status).toBe(200);
      expect((await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' })).status).toBe(402);
      expect((await t.call(key, 'POST', `/v1/holds/${String(second?.body.id)}/void`, {})).status).toBe(200);
      expect((await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' })).status).toBe(200);
      const refusal = await t.call(key, 'POST', '/v1/charges', { model: 'sdxl' });
      expect(refusal.status).toBe(402);
      expect(refusal.body.error).toMatchObject({ code: 'credit_cap_reached', param: 'Authorization' });
      expect((refusal.body.error as { details?: Record<string, unknown> }).details).toMatchObject({
        monthly_cap: cap,
        used: 96,
        remaining: 4,
        requested: SDXL,
      });
      // A free model asks for nothing, so it still passes at the cap.
      expect((await t.call(key, 'POST', '/v1/charges', { model: 'kimi-k2-free' })).status).toBe(200);
      // The secret key is not bound by a customer key's cap.
      expect(
        (await t.call(t.a.key, 'POST', '/v1/charges', { customer: 'racer', model: 'sdxl' })).status,
      ).toBe(200);
      expect((await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' })).status).toBe(402);
    });

    it('is idempotent per key, and a key reused by the other principal is a conflict', async () => {
      await addCustomer('same');
      const key = await mint('same', { monthly_credit_cap: 100 });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => t.call(key, 'POST', '/v1/holds', { model: 'sdxl' }, 'same-once')),
      );
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect((await balanceOf('same')).held).toBe(SDXL);
      const tenant = await t.call(
        t.a.key,
        'POST',
        '/v1/holds',
        { customer: 'same', model: 'sdxl' },
        'same-once',
      );
      expect(tenant.status).toBe(409);
      expect(tenant.body.error?.code).toBe('idempotency_conflict');
    });

    it('refuses a batch whose total passes the cap, all or nothing', async () => {
      await addCustomer('bulk');
      const key = await mint('bulk', { monthly_credit_cap: 30 });
      const before = await balanceOf('bulk');
      const items = [{ model: 'sdxl' }, { model: 'sdxl' }, { model: 'sdxl' }];
      const refused = await t.call(key, 'POST', '/v1/batches', { items });
      expect(refused.status).toBe(402);
      expect(refused.body.error?.code).toBe('credit_cap_reached');
      expect(await balanceOf('bulk')).toEqual(before);
      const placed = await t.call(key, 'POST', '/v1/batches', { items: items.slice(0, 2) });
      expect(placed.status).toBe(200);
      expect((placed.body.holds as unknown[]).length).toBe(2);
    });

    it('answers 429 with Retry-After past the per-minute limit; a retry with the same key passes later', async () => {
      await addCustomer('fast');
      const key = await mint('fast', { requests_per_minute: 3 });
      for (let i = 0; i < 3; i += 1)
        expect((await t.call(key, 'POST', '/v1/charges', { model: 'kimi-k2-free' })).status).toBe(200);
      const limited = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' }, 'fast-retry');
      expect(limited.status).toBe(429);
      expect(limited.body.error).toMatchObject({ code: 'rate_limited', param: 'Authorization' });
      const wait = Number(limited.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      const before = await balanceOf('fast');
      expect(before.held).toBe(0);
      clock += wait * 1000;
      const retried = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' }, 'fast-retry');
      expect(retried.status).toBe(200);
      expect((await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' })).status).toBe(200);
      expect((await t.call(key, 'POST', '/v1/batches', { items: [{ model: 'sdxl' }] })).status).toBe(200);
      expect((await t.call(key, 'POST', '/v1/batches', { items: [{ model: 'sdxl' }] })).status).toBe(429);
      // Commits and voids are not held to the limit: a generation that ran can always be settled.
      expect((await t.call(key, 'POST', `/v1/holds/${String(retried.body.id)}/commit`, {})).status).toBe(200);
    });

    it('lets overage on commit go no further than the cap', async () => {
      // A tenant whose catalog allows overage: a 5 s hold committed as 10 s may charge more than held.
      const dir = mkdtempSync(join(tmpdir(), 'tollgate-overage-'));
      const file = join(dir, 'overage.yaml');
      const preset = readFileSync('catalogs/directors-palette.yaml', 'utf8');
      writeFileSync(
        file,
        preset.replace('hold_ttl_seconds: 900', 'hold_ttl_seconds: 900\nallow_overage: true'),
      );
      const made = await provisionTenant(t.engine, { name: 'Overage', catalog: file });
      rmSync(dir, { recursive: true, force: true });
      if (!made.ok) throw new Error(made.error.message);
      const secret = made.value.secretKey;
      expect((await t.call(secret, 'POST', '/v1/customers', { id: 'long', plan: 'studio-pro' })).status).toBe(
        200,
      );
      expect((await t.call(secret, 'POST', '/v1/grants', { customer: 'long', credits: 500 })).status).toBe(
        200,
      );
      const minted = await t.call(secret, 'POST', '/v1/api-keys', {
        customer: 'long',
        monthly_credit_cap: 40,
      });
      const key = String(minted.body.key);
      const hold = await t.call(key, 'POST', '/v1/holds', {
        model: 'runway-gen4',
        params: { variant: '5s' },
      });
      expect(hold.status).toBe(200);
      expect(hold.body.credits).toBe(30);
      const receipt = await t.call(secret, 'POST', `/v1/holds/${String(hold.body.id)}/commit`, {
        usage: { variant: '10s' },
      });
      expect(receipt.status).toBe(200);
      expect(receipt.body.credits_charged).toBe(40); // 60 asked, 30 held + 10 left under the cap
      // Without a cap, the same overage is charged in full (the secret key's hold).
      const plain = await t.call(secret, 'POST', '/v1/holds', {
        customer: 'long',
        model: 'runway-gen4',
        params: { variant: '5s' },
      });
      const full = await t.call(secret, 'POST', `/v1/holds/${String(plain.body.id)}/commit`, {
        usage: { variant: '10s' },
      });
      expect(full.body.credits_charged).toBe(60);
    });

    it('stops at once when the key is revoked or the plan loses API access', async () => {
      await addCustomer('gone');
      const key = await mint('gone');
      expect((await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' })).status).toBe(200);
      const verdict = await t.call(t.a.key, 'POST', '/v1/api-keys/verify', { key });
      const id = (verdict.body.api_key as { id: string }).id;
      const changed = await t.engine.changePlan({
        tenantId: t.a.id,
        idempotencyKey: 'gone-free',
        customerId: 'gone',
        planId: 'creator-pro',
      });
      expect(changed.ok).toBe(true);
      const unentitled = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' });
      expect(unentitled.status).toBe(403);
      expect(unentitled.body.error?.code).toBe('not_entitled');
      expect((await t.call(t.a.key, 'DELETE', `/v1/api-keys/${id}`, {})).status).toBe(200);
      const revoked = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl' });
      expect(revoked.status).toBe(401);
    });
  });
}
