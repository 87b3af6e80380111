/**
 * A 429 says "not now": `quota_exceeded` is not recorded under its Idempotency-Key, so the same
 * request with the same key, retried once the quota has room again, is authorized (a recorded
 * 429 would answer the refusal for 24 hours). Other refusals stay recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

const DAY = 86_400_000;

export function describeNotNow(name: string, makeStore: (() => Promise<Store>) | undefined, skip = false) {
  describe.skipIf(skip)(`429 refusals are not recorded on ${name}`, () => {
    let t: TestApp;
    let now = Date.UTC(2026, 11, 7, 12);
    beforeAll(async () => {
      t = await createTestApp({ now: () => now, ...(makeStore === undefined ? {} : { makeStore }) });
      await t.call(t.a.key, 'POST', '/v1/customers', { id: 'director', plan: 'creator-pro' });
      await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'director', credits: 10_000 });
    });
    afterAll(() => t.close());

    it('authorizes a retry with the same key once the quota has room', async () => {
      const k = t.a.key;
      const video = { customer: 'director', model: 'runway-gen4', params: { variant: '5s' } };
      for (let i = 0; i < 5; i += 1)
        expect((await t.call(k, 'POST', '/v1/holds', video, `v-${i}`)).status).toBe(200);
      const refused = await t.call(k, 'POST', '/v1/holds', video, 'sixth');
      expect([refused.status, refused.body.error?.code]).toEqual([429, 'quota_exceeded']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      now += DAY;
      const retried = await t.call(k, 'POST', '/v1/holds', video, 'sixth');
      expect(retried.status).toBe(200);
      const replayed = await t.call(k, 'POST', '/v1/holds', video, 'sixth');
      expect(replayed.body.id).toBe(retried.body.id);
    });
  });
}
