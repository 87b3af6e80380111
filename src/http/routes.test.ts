import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/http-app.ts';
import { provisionTenant } from '../cli/tenant.ts';
import {
  apiKeySchema,
  authorizeSchema,
  batchSchema,
  catalogSchema,
  customerSchema,
  customerSummarySchema,
  grantSchema,
  ledgerPageSchema,
  quoteAnswerSchema,
  receiptSchema,
  refundSchema,
  rewardSchema,
  sessionSchema,
  usageSchema,
  verifySchema,
  voidSchema,
} from './schemas/responses.ts';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = t.a.key;
  await t.call(key, 'POST', '/v1/customers', { id: 'alice', email: 'alice@example.com' });
  await t.call(key, 'POST', '/v1/grants', { customer: 'alice', credits: 1000, reason: 'test' });
  await t.call(key, 'POST', '/v1/customers', { id: 'studio', plan: 'studio-pro' });
  await t.call(key, 'POST', '/v1/grants', { customer: 'studio', credits: 5000, source: 'plan' });
});
afterAll(() => t.close());

describe('customers', () => {
  it('creates a customer and replays the same answer for the same key', async () => {
    const first = await t.call(
      key,
      'POST',
      '/v1/customers',
      { id: 'carol', plan: 'creator-pro' },
      'cust-carol',
    );
    expect(first.status).toBe(200);
    expect(customerSchema.parse(first.body).plan).toBe('creator-pro');
    const again = await t.call(
      key,
      'POST',
      '/v1/customers',
      { id: 'carol', plan: 'creator-pro' },
      'cust-carol',
    );
    expect(again.body).toEqual(first.body);
  });

  it('reads a customer with balance, lots by source, quotas and projections', async () => {
    const res = await t.call(key, 'GET', '/v1/customers/alice');
    expect(res.status).toBe(200);
    const c = customerSummarySchema.parse(res.body);
    expect(c.balance.available).toBe(1000);
    expect(c.lots_by_source.promotional).toBe(1000);
    expect(c.plan).toBe('creator-free');
  });

  it('pages the ledger with a cursor', async () => {
    await t.call(key, 'POST', '/v1/grants', { customer: 'alice', credits: 5 });
    const first = ledgerPageSchema.parse(
      (await t.call(key, 'GET', '/v1/customers/alice/ledger?limit=1')).body,
    );
    expect(first.data).toHaveLength(1);
    expect(first.has_more).toBe(true);
    const next = await t.call(key, 'GET', `/v1/customers/alice/ledger?limit=1&cursor=${first.next_cursor}`);
    expect(ledgerPageSchema.parse(next.body).data[0]?.id).not.toBe(first.data[0]?.id);
  });
});

describe('generations', () => {
  it('quotes, with affordability for a customer', async () => {
    const res = await t.call(key, 'POST', '/v1/quotes', { customer: 'alice', model: 'gpt-4o' });
    const q = quoteAnswerSchema.parse(res.body);
    expect(q.quote?.credits).toBe(20);
    expect(q.customer?.affordable).toBe(true);
  });

  it('holds then commits the actual usage and answers a receipt', async () => {
    const hold = authorizeSchema.parse(
      (await t.call(key, 'POST', '/v1/holds', { customer: 'alice', model: 'sdxl', params: { count: 2 } }))
        .body,
    );
    expect(hold.credits).toBe(24);
    expect(hold.balance.held).toBe(24);
    const res = await t.call(key, 'POST', `/v1/holds/${hold.id}/commit`, { usage: { count: 1 } });
    const receipt = receiptSchema.parse(res.body);
    expect(receipt.credits_charged).toBe(12);
    expect(receipt.balance.held).toBe(0);
    expect(receipt.lots.length).toBeGreaterThan(0);
  });

  it('voids a hold and releases its credits', async () => {
    const hold = authorizeSchema.parse(
      (await t.call(key, 'POST', '/v1/holds', { customer: 'alice', model: 'gpt-4o' })).body,
    );
    const res = await t.call(key, 'POST', `/v1/holds/${hold.id}/void`);
    expect(voidSchema.parse(res.body).status).toBe('voided');
    expect(voidSchema.parse(res.body).balance.held).toBe(0);
  });

  it('charges in one step and refunds', async () => {
    const charge = receiptSchema.parse(
      (await t.call(key, 'POST', '/v1/charges', { customer: 'alice', model: 'gpt-4o-mini' })).body,
    );
    expect(charge.credits_charged).toBe(5);
    const refund = refundSchema.parse(
      (await t.call(key, 'POST', `/v1/charges/${charge.id}/refund`, { reason: 'bad output' })).body,
    );
    expect(refund.refunded).toBe(5);
  });

  it('authorizes a batch with the plan discount, one hold per item', async () => {
    const items = [{ model: 'sdxl' }, { model: 'sdxl' }, { model: 'gpt-4o' }];
    const quote = await t.call(key, 'POST', '/v1/quotes', { customer: 'studio', items });
    expect(quoteAnswerSchema.parse(quote.body).batch?.total).toBe(39);
    const batch = batchSchema.parse(
      (await t.call(key, 'POST', '/v1/batches', { customer: 'studio', items })).body,
    );
    expect(batch.holds).toHaveLength(3);
    expect(batch.holds.reduce((s, h) => s + Number(h.credits), 0)).toBe(39);
  });
});

describe('grants and rewards', () => {
  it('grants a lot with an expiry given as an ISO date', async () => {
    const res = await t.call(key, 'POST', '/v1/grants', {
      customer: 'alice',
      credits: 7,
      expires_at: '2999-01-01',
    });
    expect(grantSchema.parse(res.body).lot.expires_at).toBe(Date.parse('2999-01-01T00:00:00Z'));
  });

  it('claims a reward on a catalog that has them', async () => {
    const music = await provisionTenant(t.engine, {
      name: 'Music',
      catalog: 'musicgen',
      tenantId: 'music-rewards',
    });
    if (!music.ok) throw new Error(music.error.message);
    await t.call(music.value.secretKey, 'POST', '/v1/customers', { id: 'm1', email: 'm1@example.com' });
    const res = await t.call(music.value.secretKey, 'POST', '/v1/customers/m1/rewards/social_share');
    expect(res.status).toBe(200);
    expect(rewardSchema.parse(res.body).credits).toBe(2);
    const twice = await t.call(music.value.secretKey, 'POST', '/v1/customers/m1/rewards/social_share');
    expect(twice.body.error?.code).toBe('reward_not_eligible');
    expect(twice.status).toBe(409);
  });
});

describe('api keys', () => {
  it('creates (shown once), verifies, rate limits and revokes', async () => {
    const created = await t.call(
      key,
      'POST',
      '/v1/api-keys',
      { customer: 'studio', requests_per_minute: 2 },
      'key-1',
    );
    const k = apiKeySchema.parse(created.body);
    expect(k.key).toMatch(/^tg_ck_/);
    const replay = await t.call(
      key,
      'POST',
      '/v1/api-keys',
      { customer: 'studio', requests_per_minute: 2 },
      'key-1',
    );
    expect(apiKeySchema.parse(replay.body)).toMatchObject({ id: k.id, key: null });
    const ok1 = verifySchema.parse((await t.call(key, 'POST', '/v1/api-keys/verify', { key: k.key })).body);
    expect(ok1).toMatchObject({ valid: true, allowed: true, customer: 'studio' });
    expect(ok1.rate_limit?.remaining).toBe(1);
    await t.call(key, 'POST', '/v1/api-keys/verify', { key: k.key });
    const third = await t.call(key, 'POST', '/v1/api-keys/verify', { key: k.key });
    expect(verifySchema.parse(third.body)).toMatchObject({ allowed: false, reason: 'rate_limited' });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    const revoked = await t.call(key, 'DELETE', `/v1/api-keys/${k.id}`);
    expect(apiKeySchema.parse(revoked.body).revoked_at).not.toBeNull();
    const after = await t.call(key, 'POST', '/v1/api-keys/verify', { key: k.key });
    expect(verifySchema.parse(after.body)).toMatchObject({ valid: false, reason: 'revoked' });
  });

  it('answers what is left under the monthly credit cap', async () => {
    const k = apiKeySchema.parse(
      (await t.call(key, 'POST', '/v1/api-keys', { customer: 'studio', monthly_credit_cap: 50 })).body,
    );
    const v = verifySchema.parse((await t.call(key, 'POST', '/v1/api-keys/verify', { key: k.key })).body);
    expect(v.credit_cap?.monthly).toBe(50);
    expect(v.credit_cap?.remaining).toBe(50 - Number(v.credit_cap?.used));
  });

  it('refuses keys for plans without API access and unknown keys', async () => {
    const res = await t.call(key, 'POST', '/v1/api-keys', { customer: 'alice' });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('not_entitled');
    const unknown = await t.call(key, 'POST', '/v1/api-keys/verify', { key: 'tg_ck_nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', param: 'key' });
  });
});

describe('reads and operations', () => {
  it('answers usage by model, day and customer', async () => {
    for (const by of ['model', 'day', 'customer']) {
      const res = await t.call(key, 'GET', `/v1/usage?by=${by}`);
      expect(usageSchema.parse(res.body).data.length).toBeGreaterThan(0);
    }
  });

  it('answers the catalog with prices', async () => {
    const c = catalogSchema.parse((await t.call(key, 'GET', '/v1/catalog')).body);
    expect(c.id).toBe('directors-palette');
    expect(c.prices.length).toBeGreaterThan(10);
  });

  it('serves health, metrics, the OpenAPI document and the docs page', async () => {
    expect((await t.call(null, 'GET', '/healthz')).body).toMatchObject({ status: 'ok' });
    expect(String((await t.call(null, 'GET', '/metrics')).body.text)).toContain(
      'tollgate_http_requests_total',
    );
    const doc = (await t.call(null, 'GET', '/openapi.json')).body as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/holds/{id}/commit', '/v1/customers/{id}/rewards/{kind}']),
    );
    const docs = await t.call(null, 'GET', '/docs');
    expect(String(docs.body.text)).toContain("Redoc.init('/openapi.json'");
    const script = await t.app.inject({ method: 'GET', url: '/docs/redoc.standalone.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body.length).toBeGreaterThan(100_000);
  });

  it('mints session tokens that read one customer and nothing else', async () => {
    const s = sessionSchema.parse((await t.call(key, 'POST', '/v1/customers/alice/sessions', {})).body);
    expect((await t.call(s.token, 'GET', '/v1/customers/alice')).status).toBe(200);
    expect((await t.call(s.token, 'GET', '/v1/customers/alice/ledger')).status).toBe(200);
    expect((await t.call(s.token, 'GET', '/v1/catalog')).status).toBe(200);
    expect((await t.call(s.token, 'POST', '/v1/quotes', { model: 'sdxl' })).status).toBe(200);
    expect((await t.call(s.token, 'GET', '/v1/customers/studio')).status).toBe(404);
    const hold = await t.call(s.token, 'POST', '/v1/holds', { customer: 'alice', model: 'sdxl' });
    expect(hold.status).toBe(403);
    expect(hold.body.error?.code).toBe('forbidden');
    expect((await t.call(`${s.token.slice(0, -2)}xx`, 'GET', '/v1/customers/alice')).status).toBe(401);
    expect((await t.call(s.token, 'GET', '/v1/usage')).status).toBe(403);
  });
});
