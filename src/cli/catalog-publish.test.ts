import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PRESETS_DIR } from '../catalog/load.ts';
import { createEngine } from '../engine/engine.ts';
import { openStore } from '../store/open.ts';
import { main } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-publish-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

const preset = readFileSync(join(PRESETS_DIR, 'musicgen.yaml'), 'utf8');

it('catalog publish validates the file and makes it the tenant current version', async () => {
  const db = `sqlite:${join(dir, 'publish.db')}`;
  const made = capture();
  expect(
    await main(['tenant', 'create', '--name', 'Acme', '--catalog', 'musicgen', '--db', db], made.io),
  ).toBe(0);
  const tenant = (JSON.parse(made.out.join('')) as { id: string }).id;

  const cheaper = join(dir, 'cheaper.yaml');
  writeFileSync(
    cheaper,
    preset.replace('name: Starter Pack, credits: 100', 'name: Starter Pack, credits: 120'),
  );
  const published = capture();
  expect(
    await main(['catalog', 'publish', cheaper, '--tenant', tenant, '--db', db, '--json'], published.io),
  ).toBe(0);
  const answer = JSON.parse(published.out.join('')) as { version: string; changed: boolean };
  expect(answer.changed).toBe(true);

  const store = await openStore(db);
  const engine = createEngine({ store });
  const catalog = await engine.readCatalog(tenant);
  expect(catalog.ok && catalog.value.catalog.version).toBe(answer.version);
  expect(catalog.ok && catalog.value.catalog.packs.find((p) => p.id === 'starter')?.credits).toBe(120);
  const versions = await engine.listCatalogVersions(tenant);
  expect(versions.ok && versions.value.length).toBe(2);
  await store.close();

  const again = capture();
  expect(await main(['catalog', 'publish', cheaper, '--tenant', tenant, '--db', db], again.io)).toBe(0);
  expect(again.out.join('')).toContain('unchanged');
});

it('catalog publish lists every problem by path, writes nothing, and names a bad --tenant', async () => {
  const db = `sqlite:${join(dir, 'refuse.db')}`;
  const made = capture();
  await main(['tenant', 'create', '--name', 'Acme', '--catalog', 'musicgen', '--db', db], made.io);
  const tenant = (JSON.parse(made.out.join('')) as { id: string }).id;
  const broken = join(dir, 'broken.yaml');
  writeFileSync(
    broken,
    preset.replace('credits: 100', 'credits: -1').replace('price_cents: 500', 'price_cents: x'),
  );
  const refused = capture();
  expect(await main(['catalog', 'publish', broken, '--tenant', tenant, '--db', db], refused.io)).toBe(1);
  expect(refused.err.join('')).toMatch(/2 problems\npacks\[0\]\.credits: .*\npacks\[0\]\.price_cents: /);

  const ghost = capture();
  const good = join(dir, 'good.yaml');
  writeFileSync(good, preset);
  expect(await main(['catalog', 'publish', good, '--tenant', 'nobody', '--db', db], ghost.io)).toBe(1);
  expect(ghost.err.join('')).toContain('--tenant: no tenant nobody');
  expect(await main(['catalog', 'publish', good, '--db', db], capture().io)).toBe(2);

  const store = await openStore(db);
  const versions = await createEngine({ store }).listCatalogVersions(tenant);
  expect(versions.ok && versions.value.length).toBe(1);
  await store.close();
});
