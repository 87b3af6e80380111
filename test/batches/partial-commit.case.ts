/**
 * Issue 12 item 8: a batch hold committed with other usage than quoted keeps the batch's
 * discount. Studio Pro takes 10 % off batches; two 10 s Gen-4 clips (60 credits each) hold
 * 108 credits as 54 + 54. A clip that came out at 5 s (30 credits at list price) is charged
 * 27, not 30; a clip committed as quoted is charged its 54.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

export function describeBatchPartialCommit(
  name: string,
  makeStore: (() => Promise<Store>) | undefined,
  skip = false,
) {
  describe.skipIf(skip)(`batch partial commit on ${name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(makeStore === undefined ? {} : { makeStore });
      await t.call(t.a.key, 'POST', '/v1/customers', { id: 'bulk', plan: 'studio-pro' });
      await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'bulk', credits: 1000 });
    });
    afterAll(() => t.close());

    it('charges the discounted price of the actual usage', async () => {
      const k = t.a.key;
      const clip = { model: 'runway-gen4', params: { variant: '10s' } };
      const batch = await t.call(k, 'POST', '/v1/batches', { customer: 'bulk', items: [clip, clip] });
      expect(batch.status).toBe(200);
      const holds = batch.body.holds as { id: string; credits: number }[];
      expect(holds.map((h) => h.credits)).toEqual([54, 54]);
      const shorter = await t.call(k, 'POST', `/v1/holds/${holds[0]?.id}/commit`, {
        usage: { variant: '5s' },
      });
      expect(shorter.body.credits_charged).toBe(27);
      const asQuoted = await t.call(k, 'POST', `/v1/holds/${holds[1]?.id}/commit`, {
        usage: { variant: '10s' },
      });
      expect(asQuoted.body.credits_charged).toBe(54);
      expect((await t.engine.verify()).ok).toBe(true);
    });
  });
}
