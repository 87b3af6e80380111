/**
 * Issue 12 item 8: `depleted` means going from more than 0 credits to none. A Creator Free
 * customer who never had credits runs free generations without a `depleted` warning or a
 * `balance.depleted` webhook; one who spends their last credit gets both, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

export function describeDepleted(name: string, makeStore: (() => Promise<Store>) | undefined, skip = false) {
  describe.skipIf(skip)(`depleted on ${name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(makeStore === undefined ? {} : { makeStore });
    });
    afterAll(() => t.close());

    const depletedEvents = async (customer: string) =>
      (
        await t.store.raw.query<{ payload: string }>(
          "SELECT payload FROM outbox WHERE type = 'balance.depleted' AND tenant_id = ?",
          [t.a.id],
        )
      ).filter((r) => String(r.payload).includes(`"${customer}"`)).length;

    it('does not fire for free generations of a customer who never had credits', async () => {
      const k = t.a.key;
      await t.call(k, 'POST', '/v1/customers', { id: 'free-rider', plan: 'creator-free' });
      for (const _ of [1, 2]) {
        const receipt = await t.call(k, 'POST', '/v1/charges', {
          customer: 'free-rider',
          model: 'kimi-k2-free',
        });
        expect(receipt.status).toBe(200);
        expect(receipt.body.warnings).toEqual([]);
      }
      expect(await depletedEvents('free-rider')).toBe(0);
    });

    it('fires once when the last credit is spent', async () => {
      const k = t.a.key;
      await t.call(k, 'POST', '/v1/customers', { id: 'spender', plan: 'creator-free' });
      await t.call(k, 'POST', '/v1/grants', { customer: 'spender', credits: 12 });
      const last = await t.call(k, 'POST', '/v1/charges', { customer: 'spender', model: 'sdxl' });
      expect(last.body.balance).toMatchObject({ available: 0 });
      expect((last.body.warnings as { kind: string }[]).map((w) => w.kind)).toContain('depleted');
      await t.call(k, 'POST', '/v1/charges', { customer: 'spender', model: 'kimi-k2-free' });
      expect(await depletedEvents('spender')).toBe(1);
    });
  });
}
