import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/support/each-database.ts';
import { createTestApp, type TestApp } from '../../test/support/http-app.ts';

forEachDatabase((db) => {
  let t: TestApp;
  const ids = { hold: '', charge: '', apiKeyId: '', apiKey: '', session: '', tenantKeyId: '' };

  beforeAll(async () => {
    t = await createTestApp({ makeStore: db.makeStore });
    const b = t.b.key;
    await t.call(b, 'POST', '/v1/customers', { id: 'bob', plan: 'studio-pro' }, 'b-cust');
    await t.call(b, 'POST', '/v1/grants', { customer: 'bob', credits: 500 }, 'b-grant');
    ids.hold = String(
      (await t.call(b, 'POST', '/v1/holds', { customer: 'bob', model: 'sdxl' }, 'b-hold')).body.id,
    );
    ids.charge = String(
      (await t.call(b, 'POST', '/v1/charges', { customer: 'bob', model: 'sdxl' }, 'b-charge')).body.id,
    );
    const key = (await t.call(b, 'POST', '/v1/api-keys', { customer: 'bob' }, 'b-key')).body;
    ids.apiKeyId = String(key.id);
    ids.apiKey = String(key.key);
    ids.tenantKeyId = String((await t.call(b, 'POST', '/v1/tenant-keys', { name: 'b2' }, 'b-tkey')).body.id);
    await t.call(t.a.key, 'POST', '/v1/customers', { id: 'alice' });
    ids.session = String((await t.call(t.a.key, 'POST', '/v1/customers/alice/sessions', {})).body.token);
  });
  afterAll(() => t.close());

  /** Everything tenant B can see about bob, and the ledger-wide totals. */
  async function snapshot() {
    const b = t.b.key;
    const customer = (await t.call(b, 'GET', '/v1/customers/bob')).body;
    const ledger = (await t.call(b, 'GET', '/v1/customers/bob/ledger?limit=500')).body;
    const usage = (await t.call(b, 'GET', '/v1/usage?by=customer')).body.data;
    const verify = await t.engine.verify();
    return { customer, ledger, usage, ok: verify.ok, counts: verify.counts, system: verify.systemAccounts };
  }

  it("answers 404 to every route called with tenant A's key and tenant B's ids, and changes nothing", async () => {
    const before = await snapshot();
    const a = t.a.key;
    const calls: [string, string, unknown?][] = [
      ['GET', '/v1/customers/bob'],
      ['GET', '/v1/customers/bob/ledger'],
      ['POST', '/v1/customers/bob/sessions', {}],
      ['POST', '/v1/quotes', { customer: 'bob', model: 'sdxl' }],
      ['POST', '/v1/quotes', { customer: 'bob', items: [{ model: 'sdxl' }] }],
      ['POST', '/v1/holds', { customer: 'bob', model: 'sdxl' }],
      ['POST', `/v1/holds/${ids.hold}/commit`, {}],
      ['POST', `/v1/holds/${ids.hold}/void`],
      ['POST', '/v1/charges', { customer: 'bob', model: 'sdxl' }],
      ['POST', `/v1/charges/${ids.charge}/refund`, {}],
      ['POST', '/v1/batches', { customer: 'bob', items: [{ model: 'sdxl' }] }],
      ['POST', '/v1/grants', { customer: 'bob', credits: 100 }],
      ['POST', '/v1/customers/bob/rewards/daily'],
      ['POST', '/v1/api-keys', { customer: 'bob' }],
      ['POST', '/v1/api-keys/verify', { key: ids.apiKey }],
      ['DELETE', `/v1/api-keys/${ids.apiKeyId}`],
      ['DELETE', `/v1/tenant-keys/${ids.tenantKeyId}`],
    ];
    for (const [method, url, body] of calls) {
      const res = await t.call(a, method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error?.code, `${method} ${url}`).toBe('not_found');
    }
    // B's idempotency keys mean nothing under A's key: B's exact requests are not replayed to A.
    for (const [url, body, idem] of [
      ['/v1/holds', { customer: 'bob', model: 'sdxl' }, 'b-hold'],
      ['/v1/charges', { customer: 'bob', model: 'sdxl' }, 'b-charge'],
      ['/v1/api-keys', { customer: 'bob' }, 'b-key'],
    ] as const) {
      expect((await t.call(a, 'POST', url, body, idem)).status, `${url} with B's key`).toBe(404);
    }
    // A's reads show none of B's data.
    const usage = (await t.call(a, 'GET', '/v1/usage?by=customer')).body as { data: { key: string }[] };
    expect(usage.data.map((r) => r.key)).not.toContain('bob');
    const tenantKeys = (await t.call(a, 'GET', '/v1/tenant-keys')).body as { data: { id: string }[] };
    expect(tenantKeys.data.map((k) => k.id)).not.toContain(ids.tenantKeyId);
    // A session token manages no credentials.
    expect((await t.call(ids.session, 'GET', '/v1/tenant-keys')).status).toBe(403);
    // A session token of tenant A cannot read B's customer either.
    expect((await t.call(ids.session, 'GET', '/v1/customers/bob')).status).toBe(404);
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(after.ok).toBe(true);
    // And B still can do everything with its own ids.
    expect((await t.call(t.b.key, 'POST', `/v1/holds/${ids.hold}/commit`, {})).status).toBe(200);
  });
});
