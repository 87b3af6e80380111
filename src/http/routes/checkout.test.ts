/**
 * `POST /v1/checkout` and `POST /v1/checkout/portal` against the fake Stripe API (the real SDK
 * pointed at it through `STRIPE_API_BASE`): modes, prices from the catalog, the Stripe
 * customer made once and reused, who may call, what is refused, and that nothing is granted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../../../test/fakes/stripe-server.ts';
import {
  createCustomer,
  createPaymentsApp,
  type PaymentsApp,
  PUBLIC_URL,
  readCustomer,
  startCheckout,
} from '../../../test/support/payments-app.ts';
import { mintSessionToken } from '../session-tokens.ts';

let fake: FakeStripe;
let t: PaymentsApp;

beforeAll(async () => {
  fake = await startFakeStripe();
  t = await createPaymentsApp({ fake });
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

const customerCreations = () =>
  fake.state.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers' && r.status === 200)
    .length;
const lastSession = () =>
  fake.state.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.status === 200).at(-1)?.body;

describe('POST /v1/checkout with Stripe keys', () => {
  it('sells a pack as a payment, creating the Stripe customer once and reusing it', async () => {
    await createCustomer(t, t.music, 'ada', 'ada@example.com');
    const base = (await readCustomer(t, t.music, 'ada')).balance.available;
    const before = customerCreations();
    const first = await startCheckout(t, t.music, { customer: 'ada', pack: 'popular' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      object: 'checkout_session',
      mode: 'payment',
      test_mode: false,
      customer: 'ada',
    });
    expect(String(first.body.url)).toContain(String(first.body.id));
    expect(lastSession()).toMatchObject({
      mode: 'payment',
      client_reference_id: 'ada',
      success_url: `${PUBLIC_URL}/checkout/return?checkout=success`,
      cancel_url: `${PUBLIC_URL}/checkout/return?checkout=cancelled`,
      line_items: [{ price_data: { unit_amount: '1500' } }],
    });
    expect(customerCreations()).toBe(before + 1);
    const stripeCustomer = await t.engine.findStripeCustomer(t.music.id, 'ada');
    expect(stripeCustomer).toMatchObject({ ok: true, value: expect.stringMatching(/^cus_test_/) });
    if (!stripeCustomer.ok) return;
    expect(fake.state.customers.get(stripeCustomer.value as string)?.email).toBe('ada@example.com');

    const second = await startCheckout(t, t.music, {
      customer: 'ada',
      pack: 'starter',
      success_url: 'https://app.example/done?s={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example/shop',
    });
    expect(second.status).toBe(200);
    expect(customerCreations()).toBe(before + 1);
    expect(lastSession()).toMatchObject({
      customer: stripeCustomer.value,
      success_url: 'https://app.example/done?s={CHECKOUT_SESSION_ID}',
    });
    // Nothing is granted by starting a checkout.
    expect((await readCustomer(t, t.music, 'ada')).balance.available).toBe(base);
  });

  it('sells a plan as a monthly subscription', async () => {
    await createCustomer(t, t.palette, 'pat');
    const res = await startCheckout(t, t.palette, { customer: 'pat', plan: 'studio-pro' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'subscription', test_mode: false });
    expect(lastSession()).toMatchObject({
      mode: 'subscription',
      line_items: [{ price_data: { unit_amount: '7500', recurring: { interval: 'month' } } }],
    });
  });

  it('answers the same session for a retried Idempotency-Key', async () => {
    await createCustomer(t, t.music, 'retry');
    const body = { customer: 'retry', pack: 'starter' };
    const first = await t.call(t.music.key, 'POST', '/v1/checkout', body, 'same-key');
    const again = await t.call(t.music.key, 'POST', '/v1/checkout', body, 'same-key');
    expect(again.body.id).toBe(first.body.id);
    expect((await t.call(t.music.key, 'POST', '/v1/checkout', body, null)).body.error?.param).toBe(
      'Idempotency-Key',
    );
  });

  it('refuses what cannot be bought, naming the field', async () => {
    await createCustomer(t, t.palette, 'refused');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ customer: 'refused' }, 400, 'pack'],
      [{ customer: 'refused', pack: 'x', plan: 'creator-pro' }, 400, 'plan'],
      [{ customer: 'refused', pack: 'nope' }, 404, 'pack'],
      [{ customer: 'refused', plan: 'nope' }, 404, 'plan'],
      [{ customer: 'refused', plan: 'creator-free' }, 400, 'plan'],
      [{ customer: 'nobody', plan: 'creator-pro' }, 404, 'customer'],
      [{ customer: 'refused', plan: 'creator-pro', success_url: 'javascript:alert(1)' }, 400, 'success_url'],
      [{ customer: 'refused', plan: 'creator-pro', cancel_url: '/relative' }, 400, 'cancel_url'],
      [{ customer: 'refused', plan: 'creator-pro', coupon: 'x' }, 400, 'coupon'],
    ];
    for (const [body, status, param] of cases) {
      const res = await startCheckout(t, t.palette, body);
      expect([res.status, res.body.error?.param], JSON.stringify(body)).toEqual([status, param]);
    }
  });

  it('lets a session token with the checkout scope buy for its own customer only', async () => {
    await createCustomer(t, t.music, 'sam');
    await createCustomer(t, t.music, 'other');
    const token = String((await t.call(t.music.key, 'POST', '/v1/customers/sam/sessions', {})).body.token);
    expect((await startCheckout(t, t.music, { customer: 'sam', pack: 'starter' }, token)).status).toBe(200);
    const other = await startCheckout(t, t.music, { customer: 'other', pack: 'starter' }, token);
    expect([other.status, other.body.error?.param]).toEqual([404, 'customer']);
    const secret = await t.engine.loadSessionSecret(t.music.id);
    if (!secret.ok) throw new Error('no session secret');
    const readOnly = mintSessionToken(secret.value, {
      tenantId: t.music.id,
      customerId: 'sam',
      expiresAt: Date.now() + 60_000,
      scopes: ['read'],
    });
    expect((await startCheckout(t, t.music, { customer: 'sam', pack: 'starter' }, readOnly)).status).toBe(
      403,
    );
    // Another tenant's key does not see this tenant's customer.
    expect((await startCheckout(t, t.palette, { customer: 'sam', plan: 'creator-pro' })).status).toBe(404);
  });

  it('answers 502 when Stripe cannot be reached', async () => {
    const gone = await startFakeStripe();
    await gone.stop();
    const down = await createPaymentsApp({ fake: gone });
    try {
      await createCustomer(down, down.music, 'offline');
      const res = await startCheckout(down, down.music, { customer: 'offline', pack: 'starter' });
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ type: 'api_error', code: 'payment_provider_error' });
    } finally {
      await down.close();
    }
  });
});

describe('POST /v1/checkout/portal', () => {
  it('opens the portal for a customer who checked out, and 404 for one who never did', async () => {
    await createCustomer(t, t.palette, 'sub');
    const never = await t.call(t.palette.key, 'POST', '/v1/checkout/portal', { customer: 'sub' });
    expect([never.status, never.body.error?.param]).toEqual([404, 'customer']);
    await startCheckout(t, t.palette, { customer: 'sub', plan: 'creator-pro' });
    const portal = await t.call(t.palette.key, 'POST', '/v1/checkout/portal', {
      customer: 'sub',
      return_url: 'https://app.example/account',
    });
    expect(portal.status).toBe(200);
    expect(portal.body).toMatchObject({ object: 'billing_portal_session', customer: 'sub' });
    const request = fake.state.requests.filter((r) => r.path === '/v1/billing_portal/sessions').at(-1);
    expect(request?.body).toMatchObject({ return_url: 'https://app.example/account' });
    const token = String((await t.call(t.palette.key, 'POST', '/v1/customers/sub/sessions', {})).body.token);
    expect((await t.call(token, 'POST', '/v1/checkout/portal', { customer: 'sub' })).status).toBe(200);
  });

  it('answers the default return page', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/checkout/return?checkout=cancelled' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nothing was charged');
  });
});
