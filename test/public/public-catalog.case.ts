/**
 * The public catalog (issue 15 item 1), on SQLite and PostgreSQL: a tenant publishes its catalog
 * under a slug, anyone reads the buyer's view without a key — compared field by field with the
 * full catalog, so no cost, margin or ledger setting leaks — cached by an ETag from the catalog
 * version, and a month of work is priced exactly as `POST /v1/quotes` prices each generation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/each-database.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

type Json = Record<string, unknown>;

/** Keys the buyer's view leaves out of each part of the catalog, and why it may. */
const LEFT_OUT = {
  top: [
    'lot_priorities',
    'low_balance_credits',
    'hold_ttl_seconds',
    'max_hold_seconds',
    'max_active_holds',
    'allow_overage',
    'refund_lot_expiry_days',
    'prices',
  ],
  plan: ['credit_warnings_pct'],
};
const SECRET_KEY_PATTERN = /provider_cost|margin/;

function collectKeys(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) collectKeys(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      collectKeys(v, out);
    }
  return out;
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !SECRET_KEY_PATTERN.test(k))
      .map(([k, v]) => [k, withoutSecrets(v)]),
  );
}

const omit = (o: Json, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

export function describePublicCatalog(db: TestDatabase): void {
  describe('public catalog', () => {
    let t: TestApp;
    const slug = `palette-${Math.random().toString(36).slice(2, 8)}`;
    beforeAll(async () => {
      t = await createTestApp({ makeStore: () => db.makeStore(), demo: false });
    });
    afterAll(() => t?.close());

    it('is not there until the tenant publishes it, then answers without a key', async () => {
      expect((await t.call(null, 'GET', `/v1/public/catalogs/${slug}`)).status).toBe(404);
      const put = await t.call(t.a.key, 'PUT', '/v1/catalog/public', {
        slug,
        signup_url: 'https://app.example.com/signup',
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ object: 'public_page', published: true, slug });
      const read = await t.call(t.a.key, 'GET', '/v1/catalog/public');
      expect(read.body).toMatchObject({ slug, signup_url: 'https://app.example.com/signup' });
      const pub = await t.call(null, 'GET', `/v1/public/catalogs/${slug}`);
      expect(pub.status).toBe(200);
      expect(pub.body.page).toEqual({
        slug,
        signup_url: 'https://app.example.com/signup',
        demo_checkout: false,
      });
    });

    it('shows a buyer everything priced and nothing else, field by field against the full catalog', async () => {
      const full = (await t.call(t.a.key, 'GET', '/v1/catalog')).body as Json;
      const pub = (await t.call(null, 'GET', `/v1/public/catalogs/${slug}`)).body as Json;
      const fullKeys = Object.keys(full).filter((k) => k !== 'object');
      const pubKeys = Object.keys(pub).filter((k) => k !== 'object' && k !== 'page');
      expect(new Set(pubKeys)).toEqual(
        new Set([...fullKeys.filter((k) => !LEFT_OUT.top.includes(k)), 'prices']),
      );
      for (const k of ['id', 'name', 'version', 'currency', 'credit_value_micros'])
        expect(pub[k]).toEqual(full[k]);
      // Models: the same ones (free first), their pricing without provider costs.
      const fullModels = full.models as Json[];
      const pubModels = pub.models as Json[];
      expect(pubModels.map((m) => m.id).sort()).toEqual(fullModels.map((m) => m.id).sort());
      const firstPaid = pubModels.findIndex((m) => m.free === false);
      expect(pubModels.slice(firstPaid).every((m) => m.free === false)).toBe(true);
      for (const m of fullModels) {
        const p = pubModels.find((x) => x.id === m.id) as Json;
        expect(omit(p, ['free'])).toEqual(withoutSecrets(m));
        expect(p.free).toBe((m.pricing as Json).kind === 'free');
      }
      // Plans and packs: every field but the ones a buyer does not need.
      const fullPlans = full.plans as Json[];
      expect(pub.plans).toEqual(fullPlans.map((p) => omit(p, LEFT_OUT.plan)));
      expect(pub.packs).toEqual(full.packs);
      expect(pub.rewards).toEqual(Object.values(full.rewards as Json));
      expect(pub.competitors).toEqual(full.competitors);
      expect(pub.competitors).toEqual([
        { name: 'Midjourney', price_cents: 6000 },
        { name: 'RunwayML', price_cents: 9500 },
        { name: 'LTX Studio', price_cents: 12500 },
      ]);
      // Prices: the full price list's rows without cost and margin.
      expect(pub.prices).toEqual(withoutSecrets(full.prices));
      // Nothing secret anywhere in the answer.
      const keys = [...collectKeys(pub)];
      expect(keys.filter((k) => SECRET_KEY_PATTERN.test(k))).toEqual([]);
      expect(keys.some((k) => SECRET_KEY_PATTERN.test(k) || k === 'customers')).toBe(false);
      expect(JSON.stringify(pub)).not.toContain(t.a.key);
      expect([...collectKeys(full)].some((k) => SECRET_KEY_PATTERN.test(k))).toBe(true);
    });

    it('answers an ETag from the catalog version, a 304 for it, and a new one after a new version', async () => {
      const first = await t.app.inject({ method: 'GET', url: `/v1/public/catalogs/${slug}` });
      const etag = String(first.headers.etag);
      const version = (first.json() as Json).version as string;
      expect(etag).toContain(version);
      const again = await t.app.inject({
        method: 'GET',
        url: `/v1/public/catalogs/${slug}`,
        headers: { 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const yaml = ((await t.call(t.a.key, 'GET', '/v1/catalog')).body as Json).id;
      expect(yaml).toBe('directors-palette');
      const changed = await t.app.inject({
        method: 'PUT',
        url: '/v1/catalog',
        headers: {
          authorization: `Bearer ${t.a.key}`,
          'content-type': 'application/yaml',
          'idempotency-key': `pub-${slug}`,
        },
        payload: (await import('node:fs'))
          .readFileSync(new URL('../../catalogs/directors-palette.yaml', import.meta.url), 'utf8')
          .replace('name: Stable Diffusion XL', 'name: Stable Diffusion XL 1.0'),
      });
      expect(changed.statusCode).toBe(200);
      const after = await t.app.inject({
        method: 'GET',
        url: `/v1/public/catalogs/${slug}`,
        headers: { 'if-none-match': etag },
      });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(JSON.stringify(after.json())).toContain('Stable Diffusion XL 1.0');
    });

    it('refuses a malformed slug, one another tenant has, and a bad sign-up URL, naming the field', async () => {
      const bad = await t.call(t.b.key, 'PUT', '/v1/catalog/public', { slug: 'Not A Slug' });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.param).toBe('slug');
      const taken = await t.call(t.b.key, 'PUT', '/v1/catalog/public', { slug });
      expect(taken.status).toBe(400);
      expect(taken.body.error).toMatchObject({ param: 'slug' });
      expect(taken.body.error?.message).toContain('taken');
      const url = await t.call(t.b.key, 'PUT', '/v1/catalog/public', {
        slug: `${slug}-b`,
        signup_url: 'ftp://x',
      });
      expect(url.status).toBe(400);
      expect(url.body.error?.param).toBe('signup_url');
      expect((await t.call(null, 'GET', `/v1/public/catalogs/${slug}-b`)).status).toBe(404);
    });

    it('prices a month of work exactly as POST /v1/quotes prices each generation', async () => {
      const mixes = [
        [{ model: 'sdxl', count: 40 }],
        [
          { model: 'gpt-4o', count: 100 },
          { model: 'runway-gen4', params: { variant: '10s' }, count: 12 },
          { model: 'kimi-k2-free', count: 30 },
        ],
        [
          { model: 'gen4-image', count: 300 },
          { model: 'runway-gen4', params: { variant: '5s' }, count: 40 },
        ],
        [{ model: 'veo-2', params: { duration: 8 }, count: 200 }],
      ];
      for (const items of mixes) {
        const est = await t.call(null, 'POST', `/v1/public/catalogs/${slug}/estimates`, { items }, null);
        expect(est.status).toBe(200);
        let total = 0;
        for (const [i, item] of items.entries()) {
          const quote = await t.call(t.a.key, 'POST', '/v1/quotes', {
            model: item.model,
            ...('params' in item ? { params: item.params } : {}),
          });
          expect(quote.status).toBe(200);
          const q = quote.body.quote as Json;
          const line = (est.body.lines as Json[])[i] as Json;
          expect(line.unit_credits).toBe(q.credits);
          expect(line.credits).toBe((q.credits as number) * item.count);
          total += (q.credits as number) * item.count;
        }
        expect(est.body.credits).toBe(total);
        const options = est.body.options as Json[];
        const covering = options.filter((o) => o.blocked_by === null && (o.plan_credits as number) >= total);
        const cheapest = covering.sort((a, b) => (a.total_cents as number) - (b.total_cents as number))[0];
        expect(est.body.best === null ? null : (est.body.best as Json).plan_id).toBe(
          cheapest?.plan_id ?? null,
        );
      }
    });

    it('refuses an estimate line it cannot price, naming the item', async () => {
      const est = await t.call(null, 'POST', `/v1/public/catalogs/${slug}/estimates`, {
        items: [
          { model: 'sdxl', count: 1 },
          { model: 'runway-gen4', params: { variant: '7s' }, count: 1 },
        ],
      });
      expect(est.status).toBeGreaterThanOrEqual(400);
      expect(est.body.error?.param).toMatch(/^items\[1\]/);
      const unknown = await t.call(null, 'POST', `/v1/public/catalogs/${slug}/estimates`, {
        items: [{ model: 'nope', count: 1 }],
      });
      expect(unknown.body.error).toMatchObject({ code: 'unknown_model', param: 'items[0].model' });
    });

    it('answers a sample of what a model makes, and nothing once unpublished', async () => {
      const image = await t.call(null, 'GET', `/v1/public/catalogs/${slug}/samples/sdxl`);
      expect(image.body.output).toMatchObject({ kind: 'image' });
      expect(String((image.body.output as Json).url)).toMatch(/^data:image\/svg\+xml;base64,/);
      const video = await t.call(null, 'GET', `/v1/public/catalogs/${slug}/samples/runway-gen4?seconds=10`);
      expect(video.body.output).toMatchObject({ kind: 'video', duration_seconds: 10 });
      const off = await t.call(t.a.key, 'PUT', '/v1/catalog/public', { slug: null });
      expect(off.body).toMatchObject({ published: false, slug: null });
      expect((await t.call(null, 'GET', `/v1/public/catalogs/${slug}`)).status).toBe(404);
    });
  });
}
