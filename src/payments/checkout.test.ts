import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestCatalog } from '../../test/fakes/catalogs.ts';
import { type FakeStripe, startFakeStripe } from '../../test/fakes/stripe-server.ts';
import type { Catalog } from '../domain/catalog.ts';
import { MetadataKey } from './attribution.ts';
import { type CheckoutCustomer, createCheckout, createPortalLink } from './checkout.ts';
import { createStripeClient, parseStripeApiBase, resolveStripeSetup } from './stripe.ts';

let fake: FakeStripe;
let stripe: Stripe;
let musicgen: Catalog;
let palette: Catalog;

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.apiBase, maxNetworkRetries: 0 });
  musicgen = await loadTestCatalog('musicgen');
  palette = await loadTestCatalog('directors-palette');
});
afterAll(() => fake.stop());

const urls = {
  successUrl: 'http://localhost:8787/ok?session={CHECKOUT_SESSION_ID}',
  cancelUrl: 'http://localhost:8787/no',
};

function newCustomer(id: string, stripeCustomerId: string | null = null): CheckoutCustomer {
  return { tenantId: 'ten_1', id, email: `${id}@example.com`, stripeCustomerId };
}

describe('createCheckout against the real SDK and the fake Stripe', () => {
  it('sells a pack as a one-time payment priced from the catalog, creating the Stripe customer', async () => {
    const result = await createCheckout({
      stripe,
      catalog: musicgen,
      customer: newCustomer('alice'),
      item: { pack: 'starter' },
      ...urls,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.mode).toBe('payment');
    expect(result.value.sessionId).toMatch(/^cs_test_/);
    expect(result.value.url).toContain(result.value.sessionId);

    const customer = fake.state.customers.get(result.value.stripeCustomerId);
    expect(customer?.email).toBe('alice@example.com');
    expect(customer?.metadata).toEqual({
      [MetadataKey.tenantId]: 'ten_1',
      [MetadataKey.customerId]: 'alice',
    });

    const request = fake.state.requests.find((r) => r.path === '/v1/checkout/sessions' && r.status === 200);
    expect(request?.body).toMatchObject({
      mode: 'payment',
      customer: result.value.stripeCustomerId,
      client_reference_id: 'alice',
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '500' } }],
      metadata: {
        [MetadataKey.tenantId]: 'ten_1',
        [MetadataKey.customerId]: 'alice',
        [MetadataKey.packId]: 'starter',
      },
      payment_intent_data: { metadata: { [MetadataKey.packId]: 'starter' } },
    });
    expect(fake.state.checkoutSessions.get(result.value.sessionId)?.amount_total).toBe(500);
  });

  it('sells a plan as a monthly subscription and reuses the Stripe customer', async () => {
    const first = await createCheckout({
      stripe,
      catalog: musicgen,
      customer: newCustomer('bob'),
      item: { pack: 'pro' },
      ...urls,
    });
    if (!first.ok) throw new Error('first checkout failed');
    const customersBefore = fake.state.customers.size;

    const result = await createCheckout({
      stripe,
      catalog: palette,
      customer: newCustomer('bob', first.value.stripeCustomerId),
      item: { plan: 'creator-pro' },
      ...urls,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.mode).toBe('subscription');
    expect(result.value.stripeCustomerId).toBe(first.value.stripeCustomerId);
    expect(fake.state.customers.size).toBe(customersBefore);
    const session = fake.state.checkoutSessions.get(result.value.sessionId);
    expect(session?.mode).toBe('subscription');
    expect(session?.amount_total).toBe(2500);
    expect(session?.line_items_request).toMatchObject([{ price_data: { recurring: { interval: 'month' } } }]);
    expect(session?.subscription_data).toMatchObject({ metadata: { [MetadataKey.planId]: 'creator-pro' } });
  });

  it('makes a new Stripe customer when the stored one is gone (deleted, or from other keys)', async () => {
    const first = await createCheckout({
      stripe,
      catalog: musicgen,
      customer: newCustomer('carol'),
      item: { pack: 'starter' },
      ...urls,
    });
    if (!first.ok) throw new Error('first checkout failed');
    await stripe.customers.del(first.value.stripeCustomerId);

    const again = await createCheckout({
      stripe,
      catalog: musicgen,
      customer: newCustomer('carol', first.value.stripeCustomerId),
      item: { pack: 'starter' },
      ...urls,
    });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.stripeCustomerId).not.toBe(first.value.stripeCustomerId);
    expect(fake.state.customers.has(again.value.stripeCustomerId)).toBe(true);
  });

  it('refuses unknown packs and plans and free plans without calling Stripe', async () => {
    const before = fake.state.requests.length;
    const pack = await createCheckout({
      stripe,
      catalog: musicgen,
      customer: newCustomer('dan'),
      item: { pack: 'nope' },
      ...urls,
    });
    const plan = await createCheckout({
      stripe,
      catalog: palette,
      customer: newCustomer('dan'),
      item: { plan: 'nope' },
      ...urls,
    });
    const free = await createCheckout({
      stripe,
      catalog: palette,
      customer: newCustomer('dan'),
      item: { plan: 'creator-free' },
      ...urls,
    });
    expect(pack.ok ? null : pack.error.code).toBe('unknown_pack');
    expect(plan.ok ? null : plan.error.code).toBe('unknown_plan');
    expect(free.ok ? null : free.error).toMatchObject({ code: 'invalid_request', param: 'plan' });
    expect(fake.state.requests.length).toBe(before);
  });

  it('opens a billing portal for a customer who has checked out, and refuses one who has not', async () => {
    const first = await createCheckout({
      stripe,
      catalog: musicgen,
      customer: newCustomer('erin'),
      item: { pack: 'starter' },
      ...urls,
    });
    if (!first.ok) throw new Error('checkout failed');
    const link = await createPortalLink({
      stripe,
      stripeCustomerId: first.value.stripeCustomerId,
      returnUrl: 'http://localhost/back',
    });
    expect(link.ok && link.value.url).toMatch(/\/p\/session\/bps_test_/);
    const none = await createPortalLink({
      stripe,
      stripeCustomerId: null,
      returnUrl: 'http://localhost/back',
    });
    expect(none.ok ? null : none.error.code).toBe('not_found');
  });
});

describe('the fake Stripe', () => {
  it("answers unknown routes with Stripe's 404 error shape, which the SDK raises as an invalid request", async () => {
    const error = await stripe.rawRequest('GET', '/v1/payouts/po_123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(404);
    expect((error as Stripe.errors.StripeError).message).toContain('Unrecognized request URL');
  });

  it('refuses a wrong key the way Stripe does', async () => {
    const wrong = createStripeClient({
      secretKey: 'rk_live_nope',
      apiBase: fake.apiBase,
      maxNetworkRetries: 0,
    });
    await expect(wrong.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('serves what it made: sessions, subscriptions, invoices and charges', async () => {
    const result = await createCheckout({
      stripe,
      catalog: palette,
      customer: newCustomer('fay'),
      item: { plan: 'studio-pro' },
      ...urls,
    });
    if (!result.ok) throw new Error('checkout failed');
    const [, , invoicePaid] = fake.scenario.completeCheckout(result.value.sessionId);
    const session = await stripe.checkout.sessions.retrieve(result.value.sessionId);
    expect(session.payment_status).toBe('paid');
    const subscription = await stripe.subscriptions.retrieve(session.subscription as string);
    expect(subscription.status).toBe('active');
    const invoice = await stripe.invoices.retrieve(invoicePaid?.data.object.id as string);
    expect(invoice.amount_paid).toBe(7500);
    const paymentIntent = invoice.payments?.data[0]?.payment.payment_intent as string;
    const charge = [...fake.state.charges.values()].find((c) => c.payment_intent === paymentIntent);
    expect((await stripe.charges.retrieve(charge?.id as string)).amount).toBe(7500);
  });
});

describe('Stripe setup per tenant', () => {
  const local = { stripeSecretKey: null, stripeWebhookSecret: null, localWebhookSecret: 'whsec_local' };
  const env = { stripeSecretKey: 'sk_test_env', stripeWebhookSecret: 'whsec_env', stripeApiBase: null };

  it("uses the tenant's keys, else the environment's, else offline test mode", () => {
    expect(
      resolveStripeSetup({ ...local, stripeSecretKey: 'sk_test_t', stripeWebhookSecret: 'whsec_t' }, env),
    ).toEqual({
      mode: 'stripe',
      secretKey: 'sk_test_t',
      webhookSecret: 'whsec_t',
      apiBase: null,
    });
    expect(resolveStripeSetup(local, env)).toMatchObject({
      mode: 'stripe',
      secretKey: 'sk_test_env',
      webhookSecret: 'whsec_env',
    });
    expect(
      resolveStripeSetup(local, { stripeSecretKey: null, stripeWebhookSecret: null, stripeApiBase: null }),
    ).toEqual({
      mode: 'test',
      webhookSecret: 'whsec_local',
    });
  });

  it('turns STRIPE_API_BASE into the SDK host, port and protocol', () => {
    expect(parseStripeApiBase('http://127.0.0.1:12111')).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
    expect(parseStripeApiBase('https://api.stripe.com')).toEqual({
      host: 'api.stripe.com',
      port: 443,
      protocol: 'https',
    });
  });
});
