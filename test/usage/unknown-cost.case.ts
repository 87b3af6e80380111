/**
 * Issue 12 item 8: a provider cost the catalog does not know is `null`, never 0: in the
 * receipt, and in `GET /v1/usage` for a group none of whose generations has a known cost (a
 * group with some known costs answers their sum and counts the unknown ones).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../../src/cli/tenant.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

export function describeUnknownCost(
  name: string,
  makeStore: (() => Promise<Store>) | undefined,
  skip = false,
) {
  describe.skipIf(skip)(`unknown provider cost on ${name}`, () => {
    let t: TestApp;
    let music: string;
    beforeAll(async () => {
      t = await createTestApp(makeStore === undefined ? {} : { makeStore });
      const made = await provisionTenant(t.engine, { name: 'music', catalog: 'musicgen', tenantId: 'music' });
      if (!made.ok) throw new Error(made.error.message);
      music = made.value.secretKey;
      for (const key of [t.a.key, music]) {
        await t.call(key, 'POST', '/v1/customers', { id: 'listener' });
        await t.call(key, 'POST', '/v1/grants', { customer: 'listener', credits: 100 });
      }
    });
    afterAll(() => t.close());

    it('answers null for what nobody knows, and the known cost where it is known', async () => {
      // MusicGen's catalog gives no provider cost; Director's Palette gives one for every model.
      const unknown = await t.call(music, 'POST', '/v1/charges', {
        customer: 'listener',
        model: 'musicgen',
        params: { duration: 5 },
      });
      expect(unknown.status).toBe(200);
      expect(unknown.body.provider_cost_micros).toBeNull();
      const known = await t.call(t.a.key, 'POST', '/v1/charges', { customer: 'listener', model: 'sdxl' });
      expect(known.body.provider_cost_micros).toBe(80_000);

      for (const by of ['model', 'day', 'customer']) {
        const rows = (await t.call(music, 'GET', `/v1/usage?by=${by}`)).body.data;
        expect(rows).toEqual([
          expect.objectContaining({
            generations: 1,
            provider_cost_micros: null,
            unknown_cost_generations: 1,
          }),
        ]);
        const paid = (await t.call(t.a.key, 'GET', `/v1/usage?by=${by}`)).body.data;
        expect(paid).toEqual([
          expect.objectContaining({
            generations: 1,
            provider_cost_micros: 80_000,
            unknown_cost_generations: 0,
          }),
        ]);
      }
    });
  });
}
