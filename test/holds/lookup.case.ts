/**
 * Issue 12 items 5 and 6 through the HTTP API: holds carry the provider's job id, the app's
 * metadata and the plan entitlements they were placed under; they are found by id, by job id,
 * by customer and status, page by page; session tokens see their own customer's holds only;
 * receipts and the customer answer carry entitlements too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

export function describeHoldLookup(
  name: string,
  makeStore: (() => Promise<Store>) | undefined,
  skip = false,
) {
  describe.skipIf(skip)(`hold lookup and entitlements on ${name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(makeStore === undefined ? {} : { makeStore });
      const k = t.a.key;
      for (const [id, plan] of [
        ['maker', 'studio-pro'],
        ['other', 'creator-free'],
      ] as const) {
        expect((await t.call(k, 'POST', '/v1/customers', { id, plan })).status).toBe(200);
        expect((await t.call(k, 'POST', '/v1/grants', { customer: id, credits: 500 })).status).toBe(200);
      }
    });
    afterAll(() => t.close());

    it('keeps job id, metadata and the entitlements the hold was placed under, through a plan change', async () => {
      const k = t.a.key;
      const placed = await t.call(k, 'POST', '/v1/holds', {
        customer: 'maker',
        model: 'sdxl',
        job_id: 'replicate:abc/123',
        metadata: { userId: 'u-1', prompt_hash: 'f00' },
      });
      expect(placed.status).toBe(200);
      const studio = {
        plan: 'studio-pro',
        watermark: false,
        priority: true,
        white_label: false,
        api_access: true,
        bulk: true,
        categories: ['text', 'image', 'video'],
      };
      expect(placed.body).toMatchObject({
        job_id: 'replicate:abc/123',
        metadata: { userId: 'u-1', prompt_hash: 'f00' },
        entitlements: studio,
      });
      const id = String(placed.body.id);
      const found = await t.call(k, 'GET', `/v1/holds/${id}`);
      expect(found.body).toMatchObject({ object: 'hold', id, status: 'active', entitlements: studio });
      expect(found.body.metadata).toEqual({ userId: 'u-1', prompt_hash: 'f00' });

      const changed = await t.engine.changePlan({
        tenantId: t.a.id,
        idempotencyKey: 'to-free',
        customerId: 'maker',
        planId: 'creator-free',
      });
      expect(changed.ok).toBe(true);
      const receipt = await t.call(k, 'POST', `/v1/holds/${id}/commit`, {});
      expect(receipt.status).toBe(200);
      expect(receipt.body.entitlements).toEqual(studio);
      const customer = await t.call(k, 'GET', '/v1/customers/maker');
      expect(customer.body.entitlements).toMatchObject({
        plan: 'creator-free',
        watermark: true,
        bulk: false,
      });
      expect((await t.call(k, 'GET', `/v1/holds/${id}`)).body.status).toBe('committed');
    });

    it('finds holds by job id, customer and status, page by page, within the tenant', async () => {
      const k = t.a.key;
      const ids: string[] = [];
      for (const job of ['j-1', 'j-2', 'j-3']) {
        const hold = await t.call(k, 'POST', '/v1/holds', { customer: 'other', model: 'sdxl', job_id: job });
        ids.push(String(hold.body.id));
      }
      await t.call(k, 'POST', `/v1/holds/${ids[0]}/void`, {});
      const byJob = await t.call(k, 'GET', '/v1/holds?job_id=j-2');
      expect((byJob.body.data as { id: string }[]).map((h) => h.id)).toEqual([ids[1]]);
      const active = await t.call(k, 'GET', '/v1/holds?customer=other&status=active');
      expect((active.body.data as { id: string }[]).map((h) => h.id)).toEqual([ids[2], ids[1]]);
      const first = await t.call(k, 'GET', '/v1/holds?customer=other&limit=2');
      expect(first.body).toMatchObject({ has_more: true });
      const rest = await t.call(
        k,
        'GET',
        `/v1/holds?customer=other&limit=2&cursor=${first.body.next_cursor}`,
      );
      expect(
        [...(first.body.data as { id: string }[]), ...(rest.body.data as { id: string }[])].map((h) => h.id),
      ).toEqual([ids[2], ids[1], ids[0]]);
      expect(rest.body.has_more).toBe(false);
      const voided = await t.call(k, 'GET', '/v1/holds?customer=other&status=voided');
      expect((voided.body.data as { id: string }[]).map((h) => h.id)).toEqual([ids[0]]);

      const elsewhere = await t.call(t.b.key, 'GET', `/v1/holds/${ids[1]}`);
      expect([elsewhere.status, elsewhere.body.error?.param]).toEqual([404, 'hold']);
      expect((await t.call(t.b.key, 'GET', '/v1/holds?job_id=j-2')).body.data).toEqual([]);
      const bad = await t.call(k, 'GET', '/v1/holds?status=lost');
      expect([bad.status, bad.body.error?.param]).toEqual([400, 'status']);
    });

    it("lets a session token read its own customer's holds and no one else's", async () => {
      const k = t.a.key;
      const mine = await t.call(k, 'POST', '/v1/holds', { customer: 'maker', model: 'sdxl', job_id: 'own' });
      const theirs = await t.call(k, 'POST', '/v1/holds', {
        customer: 'other',
        model: 'sdxl',
        job_id: 'theirs',
      });
      const token = String((await t.call(k, 'POST', '/v1/customers/maker/sessions', {})).body.token);
      expect((await t.call(token, 'GET', `/v1/holds/${mine.body.id}`)).status).toBe(200);
      const hidden = await t.call(token, 'GET', `/v1/holds/${theirs.body.id}`);
      expect([hidden.status, hidden.body.error?.param]).toEqual([404, 'hold']);
      const listed = await t.call(token, 'GET', '/v1/holds');
      const customers = new Set((listed.body.data as { customer_id: string }[]).map((h) => h.customer_id));
      expect([...customers]).toEqual(['maker']);
      expect((await t.call(token, 'GET', '/v1/holds?customer=other')).status).toBe(404);
    });
  });
}
