/** The client's operator levers (issue 12): plans without Stripe and catalog publishing, through a real server. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PRESETS_DIR } from '../../../src/catalog/load.ts';
import { createTestApp, type TestApp } from '../../../test/support/http-app.ts';
import { createTollgate, type TollgateClient, TollgateError } from './index.ts';

let t: TestApp;
let tg: TollgateClient;

beforeAll(async () => {
  t = await createTestApp();
  tg = createTollgate({ baseUrl: await t.app.listen({ port: 0, host: '127.0.0.1' }), apiKey: t.a.key });
});
afterAll(() => t.close());

it('customers.create says whether an allowance was granted; changePlan grants it when asked', async () => {
  const created = await tg.customers.create({ id: 'pro', plan: 'creator-pro' });
  expect(created.allowance).toMatchObject({ granted: false, credits: 0 });
  const changed = await tg.customers.changePlan('pro', { plan: 'studio-pro', grant_allowance: true });
  expect(changed).toMatchObject({ plan: 'studio-pro', previous_plan: 'creator-pro' });
  expect(changed.allowance).toMatchObject({ granted: true, credits: 5000 });
});

it('catalog.publish sends the YAML file as is; versions lists it as current; problems come by path', async () => {
  const yaml = readFileSync(join(PRESETS_DIR, 'directors-palette.yaml'), 'utf8').replace(
    'credits: 12, provider_cost_micros: 80000',
    'credits: 14, provider_cost_micros: 80000',
  );
  const published = await tg.catalog.publish(yaml);
  expect(published).toMatchObject({ object: 'catalog_version', current: true, changed: true });
  expect((await tg.quotes.create({ model: 'sdxl' })).quote.credits).toBe(14);
  const versions = await tg.catalog.versions();
  expect(versions.data.find((v) => v.current)?.version).toBe(published.version);

  const refused = await tg.catalog.publish(yaml.replace('credits: 14,', 'credits: -1,')).catch((e) => e);
  expect(refused).toBeInstanceOf(TollgateError);
  expect((refused as TollgateError).code).toBe('invalid_catalog');
});
