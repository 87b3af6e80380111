import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/http-app.ts';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = t.a.key;
  await t.call(key, 'POST', '/v1/customers', { id: 'poor' });
  await t.call(key, 'POST', '/v1/customers', { id: 'pro', plan: 'creator-pro' });
  await t.call(key, 'POST', '/v1/grants', { customer: 'pro', credits: 10_000 });
});
afterAll(() => t.close());

describe('typed refusals', () => {
  it('402 insufficient_credits with the offers that would cover it', async () => {
    const res = await t.call(key, 'POST', '/v1/holds', { customer: 'poor', model: 'gpt-4o' });
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({
      type: 'credit_error',
      code: 'insufficient_credits',
      param: 'model',
    });
    expect(Array.isArray((res.body.error as { details?: { offers?: unknown } }).details?.offers)).toBe(true);
  });

  it('403 not_entitled for a category the plan lacks', async () => {
    const res = await t.call(key, 'POST', '/v1/holds', {
      customer: 'poor',
      model: 'runway-gen4',
      params: { variant: '5s' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('not_entitled');
  });

  it('404 unknown_model naming model', async () => {
    const res = await t.call(key, 'POST', '/v1/holds', { customer: 'pro', model: 'nope' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'unknown_model', param: 'model' });
  });

  it('429 quota_exceeded with Retry-After once the daily videos are used', async () => {
    let last = await t.call(key, 'POST', '/v1/holds', {
      customer: 'pro',
      model: 'runway-gen4',
      params: { variant: '5s' },
    });
    for (let i = 0; i < 10 && last.status === 200; i += 1) {
      last = await t.call(key, 'POST', '/v1/holds', {
        customer: 'pro',
        model: 'runway-gen4',
        params: { variant: '5s' },
      });
    }
    expect(last.status).toBe(429);
    expect(last.body.error?.code).toBe('quota_exceeded');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('409 idempotency_conflict for a key reused with another body', async () => {
    await t.call(key, 'POST', '/v1/grants', { customer: 'pro', credits: 1 }, 'same-key');
    const res = await t.call(key, 'POST', '/v1/grants', { customer: 'pro', credits: 2 }, 'same-key');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'idempotency_conflict', param: 'Idempotency-Key' });
  });

  it('409 for committing a hold twice and for a customer that exists', async () => {
    const hold = await t.call(key, 'POST', '/v1/holds', { customer: 'pro', model: 'sdxl' });
    await t.call(key, 'POST', `/v1/holds/${hold.body.id}/commit`);
    const again = await t.call(key, 'POST', `/v1/holds/${hold.body.id}/commit`);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('hold_not_active');
    expect((await t.call(key, 'POST', '/v1/customers', { id: 'pro' })).body.error?.code).toBe(
      'customer_exists',
    );
  });

  it('404 for unknown ids and routes', async () => {
    expect((await t.call(key, 'GET', '/v1/customers/ghost')).status).toBe(404);
    expect((await t.call(key, 'POST', '/v1/holds/ghost/void')).status).toBe(404);
    expect((await t.call(key, 'POST', '/v1/charges/ghost/refund')).status).toBe(404);
    expect((await t.call(key, 'DELETE', '/v1/api-keys/ghost')).status).toBe(404);
    expect((await t.call(key, 'GET', '/v1/nothing')).body.error?.param).toBe('url');
  });
});

describe('request checks', () => {
  it('400 naming the missing Idempotency-Key header', async () => {
    const res = await t.call(key, 'POST', '/v1/grants', { customer: 'pro', credits: 1 }, null);
    expect(res.status).toBe(400);
    expect(res.body.error?.param).toBe('Idempotency-Key');
  });

  it('400 naming the field for bad bodies, queries and paths', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/holds', { customer: 'pro', model: 'sdxl', params: { count: 0 } }, 'params.count'],
      ['POST', '/v1/holds', { customer: 'pro', model: 'sdxl', extra: 1 }, 'extra'],
      ['POST', '/v1/holds', { model: 'sdxl' }, 'customer'],
      ['POST', '/v1/grants', { customer: 'pro', credits: 1.5 }, 'credits'],
      [
        'POST',
        '/v1/batches',
        { customer: 'pro', items: [{ model: 'sdxl' }, { model: 3 }] },
        'items[1].model',
      ],
      ['GET', '/v1/customers/pro/ledger?limit=0', undefined, 'limit'],
      ['GET', '/v1/usage?by=week', undefined, 'by'],
      ['POST', '/v1/customers/pro/rewards/jackpot', undefined, 'kind'],
    ];
    for (const [method, url, body, param] of cases) {
      const res = await t.call(key, method, url, body);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.error?.param, `${method} ${url}`).toBe(param);
    }
  });

  it('422 parameter_out_of_range for a count above the model maximum', async () => {
    const res = await t.call(key, 'POST', '/v1/quotes', { model: 'sdxl', params: { count: 999 } });
    expect(res.status).toBe(422);
    expect(res.body.error?.param).toBe('params.count');
  });

  it('400 for malformed JSON and for a body that is not JSON', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/grants',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'x', 'content-type': 'application/json' },
      payload: '{"customer":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.param).toBe('body');
    const text = await t.app.inject({
      method: 'POST',
      url: '/v1/grants',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'y', 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.param).toBe('Content-Type');
  });

  it('401 without a key or with a wrong one', async () => {
    expect((await t.call(null, 'GET', '/v1/catalog')).body.error).toMatchObject({
      code: 'unauthorized',
      param: 'Authorization',
    });
    expect((await t.call('tg_sk_wrong', 'GET', '/v1/catalog')).status).toBe(401);
  });
});

describe('failed authentication', () => {
  it('is rate limited per IP, with Retry-After, and a valid key is still answered', async () => {
    const strict = await createTestApp({ authFailuresPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i += 1)
        expect((await strict.call('tg_sk_guess', 'GET', '/v1/catalog')).status).toBe(401);
      const limited = await strict.call('tg_sk_guess', 'GET', '/v1/catalog');
      expect(limited.status).toBe(429);
      expect(limited.body.error?.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await strict.call(strict.a.key, 'GET', '/v1/catalog')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
