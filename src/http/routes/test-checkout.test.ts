/**
 * The offline TEST MODE checkout (no Stripe keys anywhere): `POST /v1/checkout` answers a
 * `/test-checkout/:id` page marked TEST MODE; paying it signs the events with the tenant's
 * local secret and sends them through the Stripe webhook route, so the credits are granted by
 * the ledger once, however often the customer pays. The studio uses the same checkout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomer,
  createPaymentsApp,
  type PaymentsApp,
  PUBLIC_URL,
  payTestCheckout,
  readCustomer,
  startCheckout,
} from '../../../test/support/payments-app.ts';

let t: PaymentsApp;
beforeAll(async () => {
  t = await createPaymentsApp();
});
afterAll(() => t.close());

/** Pays a checkout by its whole URL, as the page does: the secret after `#` goes in the body. */
const pay = (url: unknown) => payTestCheckout(t, String(url));

describe('TEST MODE checkout', () => {
  it('shows a TEST MODE page whose Pay button grants the pack once, however often it is paid', async () => {
    await createCustomer(t, t.music, 'newcomer');
    const base = (await readCustomer(t, t.music, 'newcomer')).balance.available;
    const started = await startCheckout(t, t.music, {
      customer: 'newcomer',
      pack: 'starter',
      success_url: 'https://app.example/thanks?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example/shop?a=1&b=2',
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ test_mode: true, mode: 'payment' });
    expect(String(started.body.url)).toMatch(
      new RegExp(`^${PUBLIC_URL}/test-checkout/tc_test_[0-9a-f]{32}#tcs_[A-Za-z0-9_-]{32}$`),
    );
    const path = new URL(String(started.body.url)).pathname;

    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<strong>TEST MODE:</strong>');
    expect(page.body).toContain('Starter Pack');
    expect(page.body).toContain('Pay $5 (test)');
    expect(page.body).toContain('musicgen · customer <strong>newcomer</strong>');
    expect(page.body).toContain('href="https://app.example/shop?a=1&amp;b=2"');
    expect((await readCustomer(t, t.music, 'newcomer')).balance.available).toBe(base); // nothing yet

    const first = await pay(started.body.url);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'paid',
      redirect: `https://app.example/thanks?session=${String(started.body.id)}`,
      deliveries: [{ event_type: 'checkout.session.completed', status: 200, outcome: 'applied' }],
    });
    const retried = await t.call(
      t.music.key,
      'POST',
      '/v1/checkout',
      { customer: 'newcomer', pack: 'starter' },
      'same-request',
    );
    const retriedAgain = await t.call(
      t.music.key,
      'POST',
      '/v1/checkout',
      { customer: 'newcomer', pack: 'starter' },
      'same-request',
    );
    expect(retriedAgain.body.id).toBe(retried.body.id); // a retried request: one checkout, as at Stripe
    expect(retried.body.id).not.toBe(started.body.id);

    const again = await pay(started.body.url);
    expect(again.json().deliveries).toMatchObject([{ outcome: 'duplicate' }]);
    await Promise.all([pay(started.body.url), pay(started.body.url), pay(started.body.url)]);
    const customer = await readCustomer(t, t.music, 'newcomer');
    expect(customer.balance.available).toBe(base + 100);
    expect(customer.lots.filter((lot) => lot.source === 'purchase')).toHaveLength(1);
    const after = (await t.app.inject({ method: 'GET', url: path })).body;
    expect(after).toContain('<strong>Already paid.</strong> newcomer paid musicgen for this');
    expect(after).not.toContain('Pay $5 (test)');
    expect((await t.engine.verify()).ok).toBe(true);
  });

  it('starts a plan from a session token and puts the customer on it with the allowance', async () => {
    await createCustomer(t, t.palette, 'browser');
    const token = String(
      (await t.call(t.palette.key, 'POST', '/v1/customers/browser/sessions', {})).body.token,
    );
    const started = await startCheckout(t, t.palette, { customer: 'browser', plan: 'creator-pro' }, token);
    expect(started.body).toMatchObject({ test_mode: true, mode: 'subscription' });
    const paid = await pay(started.body.url);
    expect(paid.json()).toMatchObject({
      redirect: `${PUBLIC_URL}/checkout/return?checkout=success`,
      deliveries: [
        { event_type: 'checkout.session.completed' },
        { event_type: 'invoice.paid', outcome: 'applied' },
      ],
    });
    const customer = await readCustomer(t, t.palette, 'browser');
    expect(customer.plan).toBe('creator-pro');
    expect(customer.lots_by_source.plan).toBe(1500);
  });

  it('answers 404 for an unknown test checkout, and the portal is not there in TEST MODE', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/test-checkout/tc_test_nope' });
    expect(page.statusCode).toBe(404);
    const paid = await pay('/test-checkout/tc_test_nope#tcs_x');
    expect([paid.statusCode, paid.json().error.param]).toEqual([404, 'id']);
    await createCustomer(t, t.palette, 'no-portal');
    const portal = await t.call(t.palette.key, 'POST', '/v1/checkout/portal', { customer: 'no-portal' });
    expect([portal.status, portal.body.error?.param]).toEqual([404, 'customer']);
  });
});

describe('the studio uses the same test checkout', () => {
  it('answers a same-origin /test-checkout page that returns to the studio', async () => {
    const session = await t.app.inject({
      method: 'POST',
      url: '/studio/api/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ preset: 'musicgen' }),
    });
    const { token, customer } = session.json() as { token: string; customer: string };
    const before = await t.engine.getCustomer('musicgen', customer);
    const base = before.ok ? before.value.balance.available : Number.NaN;
    const started = await t.app.inject({
      method: 'POST',
      url: '/studio/api/checkout',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify({
        pack: 'starter',
        return_url: 'https://evil.example/studio/?preset=musicgen',
      }),
    });
    expect(started.statusCode).toBe(200);
    const url = String(started.json().url);
    expect(url).toMatch(/^\/test-checkout\/tc_test_/);
    const paid = await pay(url);
    expect(paid.json().redirect).toBe('http://localhost:80/studio/?preset=musicgen&checkout=success');
    const summary = await t.engine.getCustomer('musicgen', customer);
    expect(summary.ok && summary.value.balance.available).toBe(base + 100);
  });
});
