/**
 * Publishing a new catalog for an existing tenant (issue 12.2) through the HTTP API, on SQLite
 * and PostgreSQL: `PUT /v1/catalog` validates the file with every problem by path and changes
 * nothing when it is invalid; a valid one becomes the current version. A hold placed before a
 * price change commits at its quoted price; new quotes and holds use the new price.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PRESETS_DIR } from '../../src/catalog/load.ts';
import type { Store } from '../../src/store/store.ts';
import { createPaymentsApp, type PaymentsApp } from '../support/payments-app.ts';

const PALETTE = readFileSync(join(PRESETS_DIR, 'directors-palette.yaml'), 'utf8');
const SDXL_12 = 'pricing: { kind: flat, credits: 12, provider_cost_micros: 80000 }';

/** The Director's Palette catalog with SDXL at `credits` a generation. */
function withSdxlAt(credits: number): string {
  if (!PALETTE.includes(SDXL_12)) throw new Error('the preset changed: update SDXL_12');
  return PALETTE.replace(
    SDXL_12,
    `pricing: { kind: flat, credits: ${credits}, provider_cost_micros: 80000 }`,
  );
}

/** Registers the suite; `makeStore` picks the database (SQLite when absent). */
export function describeCatalogPublish(name: string, makeStore?: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`catalog publishing (${name})`, () => {
    let t: PaymentsApp;
    beforeAll(async () => {
      t = await createPaymentsApp(makeStore ? { makeStore } : {});
    });
    afterAll(() => t?.close());

    const put = (text: string, type = 'application/yaml', key = `pub-${Math.random()}`) =>
      t.app.inject({
        method: 'PUT',
        url: '/v1/catalog',
        headers: { authorization: `Bearer ${t.palette.key}`, 'content-type': type, 'idempotency-key': key },
        payload: text,
      });
    const version = async () => String((await t.call(t.palette.key, 'GET', '/v1/catalog')).body.version);

    it('a hold placed before a price change commits at its quoted price; new quotes use the new one', async () => {
      await t.call(t.palette.key, 'POST', '/v1/customers', { id: 'painter', plan: 'studio-pro' });
      await t.call(t.palette.key, 'POST', '/v1/grants', { customer: 'painter', credits: 1000 });
      const before = await version();
      const early = await t.call(t.palette.key, 'POST', '/v1/holds', {
        customer: 'painter',
        model: 'sdxl',
        params: { count: 2 },
      });
      expect(early.body.credits).toBe(24);

      const published = await put(withSdxlAt(20));
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json()).toMatchObject({
        object: 'catalog_version',
        previous_version: before,
        changed: true,
      });
      expect(await version()).toBe(published.json().version);

      const quote = await t.call(t.palette.key, 'POST', '/v1/quotes', { customer: 'painter', model: 'sdxl' });
      expect((quote.body.quote as { credits: number }).credits).toBe(20);
      const late = await t.call(t.palette.key, 'POST', '/v1/holds', { customer: 'painter', model: 'sdxl' });
      expect(late.body.credits).toBe(20);

      const committed = await t.call(t.palette.key, 'POST', `/v1/holds/${early.body.id}/commit`, {
        usage: { count: 1 },
      });
      expect(committed.status).toBe(200);
      expect(committed.body.credits_charged).toBe(12); // one image at the quoted 12, not 20
      const lateCommit = await t.call(t.palette.key, 'POST', `/v1/holds/${late.body.id}/commit`, {});
      expect(lateCommit.body.credits_charged).toBe(20);
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('refuses an invalid file with every problem by path, and changes nothing', async () => {
      const current = await version();
      const broken = withSdxlAt(-3).replace('monthly_credits: 1500', 'monthly_credits: lots');
      const refused = await put(broken);
      expect(refused.statusCode).toBe(422);
      const error = refused.json().error as { code: string; details: { problems: string[] } };
      expect(error.code).toBe('invalid_catalog');
      expect(error.details.problems.some((p) => p.startsWith('models['))).toBe(true);
      expect(error.details.problems.some((p) => p.startsWith('plans[1].monthly_credits'))).toBe(true);
      const notYaml = await put('models: [unclosed');
      expect(notYaml.statusCode).toBe(422);
      const empty = await put('');
      expect([empty.statusCode, empty.json().error.param]).toEqual([400, 'body']);
      expect(await version()).toBe(current);
    });

    it('refuses a catalog that drops a plan customers are on', async () => {
      const current = await version();
      await t.call(t.palette.key, 'POST', '/v1/customers', { id: 'enterprise-buyer', plan: 'enterprise' });
      const doc = parse(PALETTE) as { plans: { id: string }[] };
      doc.plans = doc.plans.filter((p) => p.id !== 'enterprise');
      const refused = await put(JSON.stringify(doc), 'application/json');
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details.problems).toEqual([
        expect.stringMatching(/^plans: plan "enterprise" is missing, but 1 customer is on it/),
      ]);
      expect(await version()).toBe(current);
    });

    it('takes JSON too, lists versions, republishing is a no-op, and the key is idempotent', async () => {
      const json = JSON.stringify(parse(withSdxlAt(30)));
      const first = await put(json, 'application/json', 'publish-30');
      expect(first.statusCode, first.body).toBe(200);
      const replay = await put(json, 'application/json', 'publish-30');
      expect(replay.json()).toEqual(first.json());
      const conflict = await put(withSdxlAt(31), 'application/yaml', 'publish-30');
      expect(conflict.statusCode).toBe(409);
      const again = await put(json, 'application/json');
      expect(again.json()).toMatchObject({ changed: false, version: first.json().version });

      const listed = await t.call(t.palette.key, 'GET', '/v1/catalog/versions');
      const data = listed.body.data as { version: string; current: boolean }[];
      expect(data.filter((v) => v.current).map((v) => v.version)).toEqual([first.json().version]);
      expect(data.length).toBeGreaterThanOrEqual(3); // the preset, SDXL at 20, SDXL at 30
      expect(new Set(data.map((v) => v.version)).size).toBe(data.length);
    });
  });
}
