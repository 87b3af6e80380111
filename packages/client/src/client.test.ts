import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/http-app.ts';
import { createTollgate, type TollgateClient, TollgateError, TollgateNetworkError } from './index.ts';

let t: TestApp;
let baseUrl: string;
let tg: TollgateClient;

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  tg = createTollgate({ baseUrl, apiKey: t.a.key });
  await tg.customers.create({ id: 'ana', email: 'ana@example.com' });
  await tg.grants.create({ customer: 'ana', credits: 100, reason: 'welcome pack' });
});
afterAll(() => t.close());

describe('client', () => {
  it('reads and writes through a real server', async () => {
    const quote = await tg.quotes.create({ model: 'sdxl', customer: 'ana' });
    expect(quote.quote.credits).toBe(12);
    const charge = await tg.charges.create({ customer: 'ana', model: 'gpt-4o-mini' });
    expect(charge.credits_charged).toBe(5);
    const refund = await tg.charges.refund(charge.id);
    expect(refund.refunded).toBe(5);
    const page = await tg.customers.ledger('ana', { limit: 2 });
    expect(page.data).toHaveLength(2);
    expect((await tg.catalog.get()).id).toBe('directors-palette');
    expect((await tg.usage.get({ by: 'model' })).object).toBe('list');
    expect((await tg.health()).status).toBe('ok');
  });

  it('lists, flags and adjusts customers', async () => {
    expect((await tg.customers.list({ query: 'an' })).data.map((c) => c.id)).toContain('ana');
    expect((await tg.customers.flag('ana', { reason: 'check' })).flagged).toBe(true);
    expect((await tg.customers.list({ flagged: 'true' })).data.map((c) => c.id)).toEqual(['ana']);
    expect((await tg.customers.unflag('ana')).flagged).toBe(false);
    expect((await tg.customers.adjust('ana', { credits: -1, reason: 'rounding' })).credits).toBe(-1);
    expect((await tg.customers.apiKeys('ana')).data).toEqual([]);
  });

  it('turns auto top-up on, reads it and turns it off', async () => {
    const on = await tg.customers.setAutoTopUp('ana', {
      threshold: 10,
      credits: 500,
      monthly_limit_cents: 5000,
    });
    expect(on.object).toBe('auto_top_up');
    expect(on.status).toBe('needs_payment_method');
    expect((await tg.customers.getAutoTopUp('ana')).threshold).toBe(10);
    expect((await tg.customers.disableAutoTopUp('ana')).status).toBe('off');
    await expect(
      tg.customers.setAutoTopUp('ana', { threshold: -1, credits: 500, monthly_limit_cents: 5000 }),
    ).rejects.toThrow(/threshold/);
  });

  it('reads the operator analytics', async () => {
    const usage = await tg.analytics.usage({ granularity: 'week' });
    expect(usage.object).toBe('analytics.usage');
    expect(usage.totals.generations).toBeGreaterThanOrEqual(1);
    const credits = await tg.analytics.credits();
    expect(credits.totals.issued.promotional).toBeGreaterThanOrEqual(100);
    expect((await tg.analytics.revenue()).totals.net_cents).toBe(0);
    expect((await tg.analytics.margins({ model: 'gpt-4o-mini' })).by_model.map((m) => m.model)).toEqual([
      'gpt-4o-mini',
    ]);
    expect((await tg.analytics.conversion({ granularity: 'month' })).periods.length).toBeGreaterThanOrEqual(
      1,
    );
    expect((await tg.analytics.projections()).object).toBe('analytics.projections');
    await expect(tg.analytics.usage({ from: '2025-02-01', to: '2025-01-01' })).rejects.toThrow(/from/);
  });

  it('generate() commits the usage the function answers', async () => {
    let seen = '';
    const receipt = await tg.generate(
      { customer: 'ana', model: 'sdxl', params: { count: 2 } },
      async (hold) => {
        seen = hold.id;
        expect(hold.credits).toBe(24);
        return { count: 1 };
      },
    );
    expect(receipt.hold_id).toBe(seen);
    expect(receipt.credits_charged).toBe(12);
    expect(receipt.balance.held).toBe(0);
  });

  it('runs generate() with a customer API key for its own customer, and shows its cap refusal', async () => {
    await tg.customers.create({ id: 'bot', plan: 'studio-pro' });
    await tg.grants.create({ customer: 'bot', credits: 100 });
    const minted = await tg.apiKeys.create({ customer: 'bot', monthly_credit_cap: 20 });
    const mine = createTollgate({ baseUrl, apiKey: String(minted.key) });
    const receipt = await mine.generate({ model: 'sdxl' }, async () => undefined);
    expect(receipt.customer_id).toBe('bot');
    expect(receipt.credits_charged).toBe(12);
    const refused = await mine.holds.create({ model: 'sdxl' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TollgateError);
    expect((refused as TollgateError).code).toBe('credit_cap_reached');
    expect((refused as TollgateError).status).toBe(402);
  });

  it('generate() voids the hold when the function throws, and rethrows', async () => {
    const before = await tg.customers.get('ana');
    const failure = new Error('provider down');
    await expect(
      tg.generate({ customer: 'ana', model: 'sdxl' }, async () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    const after = await tg.customers.get('ana');
    expect(after.balance).toEqual(before.balance);
  });

  it('generate() throws the typed refusal without running the function', async () => {
    let ran = false;
    const attempt = tg.generate(
      { customer: 'ana', model: 'runway-gen4', params: { variant: '5s' } },
      async () => {
        ran = true;
      },
    );
    await expect(attempt).rejects.toMatchObject({ name: 'TollgateError', status: 403, code: 'not_entitled' });
    expect(ran).toBe(false);
  });

  it('retries a lost answer with the same idempotency key, so the hold happens once', async () => {
    let calls = 0;
    const lossy = createTollgate({
      baseUrl,
      apiKey: t.a.key,
      retryDelayMs: 1,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        calls += 1;
        if (calls === 1) throw new TypeError('socket hang up');
        return res;
      },
    });
    const before = await tg.customers.get('ana');
    const hold = await lossy.holds.create({ customer: 'ana', model: 'sdxl' });
    expect(calls).toBe(2);
    const after = await tg.customers.get('ana');
    expect(after.balance.held - before.balance.held).toBe(hold.credits);
    await tg.holds.void(hold.id);
  });

  it('extends, captures in parts and settles by the provider job id', async () => {
    await tg.customers.create({ id: 'jo', plan: 'studio-pro' });
    await tg.grants.create({ customer: 'jo', credits: 200 });
    const hold = await tg.holds.create({
      customer: 'jo',
      model: 'sdxl',
      params: { count: 3 },
      job_id: 'client-job',
    });
    const extended = await tg.holds.extend(hold.id, { ttl_seconds: 3600 });
    expect(extended.expires_at).toBeGreaterThan(hold.expires_at);
    const part = await tg.holds.capture(hold.id, { usage: { count: 1 }, final: false });
    expect(part).toMatchObject({ credits_charged: 12, credits_left_held: 24, final: false });
    const receipt = await tg.jobs.commit('client-job', { usage: { count: 1 } });
    expect(receipt).toMatchObject({ hold_id: hold.id, credits_charged: 12 });
    await expect(tg.jobs.void('client-job')).rejects.toMatchObject({ code: 'hold_not_active' });
    expect((await tg.customers.get('jo')).balance).toMatchObject({ balance: 176, held: 0 });
  });

  it('gives an agent run a budget that its sub-agents draw from (parent_hold)', async () => {
    await tg.customers.create({ id: 'run', plan: 'studio-pro' });
    await tg.grants.create({ customer: 'run', credits: 200 });
    const run = await tg.holds.create({ customer: 'run', model: 'sdxl', params: { count: 3 } });
    const receipt = await tg.generate(
      { customer: 'run', model: 'sdxl', params: { count: 2 }, parent_hold: run.id },
      async (hold) => {
        expect(hold.parent_hold).toBe(run.id);
        return { count: 1 };
      },
    );
    expect(receipt.credits_charged).toBe(12);
    expect(await tg.holds.get(run.id)).toMatchObject({ budget_left: 24, children_charged: 12 });
    const over = await tg.holds
      .create({ customer: 'run', model: 'sdxl', params: { count: 3 }, parent_hold: run.id })
      .catch((e: unknown) => e);
    expect(over).toMatchObject({ code: 'insufficient_credits', param: 'parent_hold' });
    await tg.holds.void(run.id);
    expect((await tg.customers.get('run')).balance).toMatchObject({ balance: 188, held: 0 });
  });

  it('gives up with TollgateNetworkError when nothing answers', async () => {
    const dead = createTollgate({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'x',
      maxRetries: 1,
      retryDelayMs: 1,
    });
    await expect(dead.catalog.get()).rejects.toBeInstanceOf(TollgateNetworkError);
  });

  it('starts a checkout (TEST MODE without Stripe keys) and manages webhook endpoints', async () => {
    const checkout = await tg.checkout.create({ customer: 'ana', plan: 'creator-pro' });
    expect(checkout).toMatchObject({ object: 'checkout_session', mode: 'subscription', test_mode: true });
    expect(checkout.url).toContain('/test-checkout/');
    const endpoint = await tg.webhookEndpoints.create({ url: 'https://app.example/hook' });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await tg.webhookEndpoints.list()).data.map((e) => e.id)).toContain(endpoint.id);
    expect((await tg.webhookEndpoints.delete(endpoint.id)).disabled_at).not.toBeNull();
    expect((await tg.webhookDeliveries.list({ endpoint: endpoint.id })).object).toBe('list');
  });

  it('mints, lists and revokes tenant keys', async () => {
    const minted = await tg.tenantKeys.create({ name: 'second' });
    expect(minted.key).toMatch(/^tg_sk_/);
    const second = createTollgate({ baseUrl, apiKey: String(minted.key) });
    const listed = await second.tenantKeys.list();
    expect(listed.data.map((k) => k.id)).toContain(minted.id);
    expect(JSON.stringify(listed)).not.toContain(String(minted.key));
    const revoked = await tg.tenantKeys.revoke(minted.id);
    expect(revoked.revoked_at).not.toBeNull();
  });

  it('works in the browser role with a customer session token', async () => {
    const session = await tg.customers.createSession('ana');
    const browser = createTollgate({ baseUrl, apiKey: session.token });
    expect((await browser.customers.get('ana')).id).toBe('ana');
    const refused = await browser.holds.create({ customer: 'ana', model: 'sdxl' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TollgateError);
    expect((refused as TollgateError).code).toBe('forbidden');
  });
});
