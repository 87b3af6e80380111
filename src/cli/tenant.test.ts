import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { createEngine } from '../engine/engine.ts';
import { openStore } from '../store/open.ts';
import { main } from './main.ts';
import { startServer } from './serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

it('tenant create prints the id and a secret key that authenticates, with Stripe keys stored', async () => {
  const db = `sqlite:${join(dir, 'tenant.db')}`;
  const c = capture();
  const code = await main(
    [
      'tenant',
      'create',
      '--name',
      'Acme',
      '--catalog',
      'musicgen',
      '--db',
      db,
      '--stripe-secret-key',
      'sk_test_1',
      '--stripe-webhook-secret',
      'whsec_1',
    ],
    c.io,
  );
  expect(code).toBe(0);
  const printed = JSON.parse(c.out.join('')) as { id: string; secret_key: string };
  expect(printed.secret_key).toMatch(/^tg_sk_/);
  const store = await openStore(db);
  const engine = createEngine({ store });
  expect(await engine.findTenantByKey(printed.secret_key)).toMatchObject({ tenantId: printed.id });
  expect(await engine.loadStripeKeys(printed.id)).toMatchObject({
    stripeSecretKey: 'sk_test_1',
    stripeWebhookSecret: 'whsec_1',
  });
  await store.close();
});

it('tenant create refuses bad usage and unknown catalogs', async () => {
  const db = `sqlite:${join(dir, 'bad.db')}`;
  expect(await main(['tenant', 'create', '--name', 'x'], capture().io)).toBe(2);
  expect(await main(['tenant', 'make'], capture().io)).toBe(2);
  expect(await main(['tenant', 'list', '--db', db], capture().io)).toBe(1);
  const c = capture();
  expect(await main(['tenant', 'create', '--name', 'x', '--catalog', 'no-such', '--db', db], c.io)).toBe(1);
  expect(c.err.join('')).toContain('no preset or file');
});

it('serve seeds one demo tenant per preset on a fresh database only, and closes cleanly', async () => {
  const config = { ...readConfig({}), databaseUrl: `sqlite:${join(dir, 'serve.db')}`, port: 0 };
  const c = capture();
  const first = await startServer(config, c.io);
  expect(c.out.join('')).toMatch(
    /^ {2}export DIRECTORS_PALETTE_KEY=tg_sk_\S+ +# tenant directors-palette, catalog directors-palette$/m,
  );
  expect(c.out.join('')).toMatch(/^ {2}export MUSICGEN_KEY=tg_sk_\S+ +# tenant musicgen, catalog musicgen$/m);
  const health = await fetch(`${first.url}/healthz`);
  expect(health.status).toBe(200);
  await first.close();
  const again = capture();
  const second = await startServer(config, again.io);
  expect(again.out.join('')).toContain('tenants: directors-palette, musicgen (their keys were shown once');
  expect(again.out.join('')).toContain('npx tollgate tenant key --tenant musicgen');
  expect(again.out.join('')).not.toContain('tg_sk_');
  await second.close();
});

it('tenant list shows the tenants and tenant key mints a working key for one', async () => {
  const db = `sqlite:${join(dir, 'keys.db')}`;
  const created = capture();
  await main(['tenant', 'create', '--name', 'Acme', '--catalog', 'musicgen', '--db', db], created.io);
  const { id } = JSON.parse(created.out.join('')) as { id: string };
  const listed = capture();
  expect(await main(['tenant', 'list', '--db', db], listed.io)).toBe(0);
  expect(listed.out.join('')).toMatch(
    new RegExp(`^ID +NAME +CATALOG VERSION +CREATED\n[- ]+\n${id} +Acme +[0-9a-f]{16} +20`),
  );
  const json = capture();
  expect(await main(['tenant', 'list', '--db', db, '--json'], json.io)).toBe(0);
  expect(JSON.parse(json.out.join(''))).toEqual([
    { id, name: 'Acme', catalog_version: expect.any(String), created_at: expect.any(String) },
  ]);
  const minted = capture();
  expect(await main(['tenant', 'key', '--tenant', id, '--db', db], minted.io)).toBe(0);
  const key = JSON.parse(minted.out.join('')) as { tenant: string; secret_key: string };
  expect(key.tenant).toBe(id);
  const store = await openStore(db);
  expect(await createEngine({ store }).findTenantByKey(key.secret_key)).toMatchObject({ tenantId: id });
  await store.close();
  const unknown = capture();
  expect(await main(['tenant', 'key', '--tenant', 'nobody', '--db', db], unknown.io)).toBe(1);
  expect(unknown.err.join('')).toBe(
    'tollgate tenant: --tenant: no tenant nobody (tollgate tenant list shows them)\n',
  );
});

it('tenant create --public-slug publishes the catalog under that slug, one tenant per slug', async () => {
  const db = `sqlite:${join(dir, 'public.db')}`;
  const c = capture();
  const args = ['tenant', 'create', '--name', 'Tunes', '--catalog', 'musicgen', '--db', db];
  expect(
    await main([...args, '--public-slug', 'tunes', '--signup-url', 'https://tunes.example/signup'], c.io),
  ).toBe(0);
  const { id } = JSON.parse(c.out.join('')) as { id: string };
  const taken = capture();
  expect(await main([...args, '--public-slug', 'tunes'], taken.io)).toBe(1);
  expect(taken.err.join('')).toContain('the public slug tunes is taken');
  const bad = capture();
  expect(await main([...args, '--public-slug', 'Not Valid'], bad.io)).toBe(1);
  expect(bad.err.join('')).toContain('public_slug must be');
  const store = await openStore(db);
  const engine = createEngine({ store });
  const published = await engine.readPublishedCatalog('tunes');
  expect(published.ok && published.value.tenantId).toBe(id);
  expect(published.ok && published.value.page.signupUrl).toBe('https://tunes.example/signup');
  // Neither refused create left a tenant behind.
  expect((await engine.listTenants()).map((t) => t.id)).toEqual([id]);
  await store.close();
});
