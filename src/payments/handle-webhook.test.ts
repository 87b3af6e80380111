import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTestCatalog } from '../../test/fakes/catalogs.ts';
import { InMemoryPaymentLedger } from '../../test/fakes/ledger-port.ts';
import { type FakeStripe, startFakeStripe } from '../../test/fakes/stripe-server.ts';
import type { Catalog } from '../domain/catalog.ts';
import { createCheckout } from './checkout.ts';
import { handleStripeWebhook } from './handle-webhook.ts';
import { createStripeClient } from './stripe.ts';
import type { StripeEventJson } from './test-events.ts';

const TENANT = 'ten_music';
const WEBHOOK_SECRET = 'whsec_tenant_music_secret';
let fake: FakeStripe;
let stripe: Stripe;
let musicgen: Catalog;
let palette: Catalog;
let ledger: InMemoryPaymentLedger;

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = createStripeClient({ secretKey: fake.secretKey, apiBase: fake.apiBase, maxNetworkRetries: 0 });
  musicgen = await loadTestCatalog('musicgen');
  palette = await loadTestCatalog('directors-palette');
});
afterAll(() => fake.stop());
beforeEach(() => {
  ledger = new InMemoryPaymentLedger();
});

/** Posts an event the way Stripe would: the JSON body signed with the tenant's secret. */
function deliver(
  event: StripeEventJson,
  catalog: Catalog,
  options: { tamper?: (body: string) => string; secret?: string } = {},
) {
  const payload = JSON.stringify(event);
  const signatureHeader = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
  });
  const sent = options.tamper === undefined ? payload : options.tamper(payload);
  return handleStripeWebhook(
    { tenantId: TENANT, rawBody: Buffer.from(sent), signatureHeader, webhookSecret: WEBHOOK_SECRET, catalog },
    ledger,
  );
}

async function buy(customerId: string, item: { pack: string } | { plan: string }, catalog: Catalog) {
  const checkout = await createCheckout({
    stripe,
    catalog,
    customer: { tenantId: TENANT, id: customerId, email: null, stripeCustomerId: null },
    item,
    successUrl: 'http://localhost/ok',
    cancelUrl: 'http://localhost/no',
  });
  if (!checkout.ok) throw new Error(checkout.error.message);
  return fake.scenario.completeCheckout(checkout.value.sessionId);
}

describe('a pack bought through Checkout', () => {
  it('grants the catalog credits once, however many times and however concurrently the event arrives', async () => {
    const [completed] = await buy('alice', { pack: 'popular' }, musicgen);
    if (completed === undefined) throw new Error('no event');
    for (let i = 0; i < 5; i++) await deliver(completed, musicgen);
    await Promise.all(Array.from({ length: 5 }, () => deliver(completed, musicgen)));
    expect(ledger.balanceOf(TENANT, 'alice')).toBe(400);
    expect(ledger.lots).toHaveLength(1);
  });

  it('grants once when Stripe resends the same payment under a new event id', async () => {
    const [completed] = await buy('bea', { pack: 'starter' }, musicgen);
    if (completed === undefined) throw new Error('no event');
    const first = await deliver(completed, musicgen);
    const resent = await deliver({ ...completed, id: 'evt_resent' }, musicgen);
    expect(first.ok && first.value.outcome.status).toBe('applied');
    expect(resent.ok && resent.value.outcome).toMatchObject({
      status: 'duplicate',
      key: expect.stringMatching(/^purchase:pi_/),
    });
    expect(ledger.balanceOf(TENANT, 'bea')).toBe(100);
  });

  it('ends in the same state when the refund arrives before the purchase', async () => {
    const [completed] = await buy('cid', { pack: 'pro' }, musicgen);
    const paymentIntent = completed?.data.object.payment_intent as string;
    const charge = [...fake.state.charges.values()].find((c) => c.payment_intent === paymentIntent);
    const [refunded] = fake.scenario.refundCharge(charge?.id as string);
    if (completed === undefined || refunded === undefined) throw new Error('no event');

    const early = await deliver(refunded, musicgen);
    expect(early.ok && early.value.outcome.status).toBe('deferred');
    await deliver(completed, musicgen);
    expect(ledger.balanceOf(TENANT, 'cid')).toBe(0);
    expect(ledger.flagged.has(`${TENANT}:cid`)).toBe(true);
  });

  it('a dispute takes back the unspent credits and flags the customer', async () => {
    const [completed] = await buy('dee', { pack: 'starter' }, musicgen);
    if (completed === undefined) throw new Error('no event');
    await deliver(completed, musicgen);
    const lot = ledger.lots[0];
    if (lot !== undefined) lot.remaining = 30; // 70 credits spent
    const charge = [...fake.state.charges.values()].find(
      (c) => c.payment_intent === completed.data.object.payment_intent,
    );
    const [dispute] = fake.scenario.disputeCharge(charge?.id as string);
    if (dispute === undefined) throw new Error('no event');
    const result = await deliver(dispute, musicgen);
    expect(result.ok && result.value.outcome).toMatchObject({ status: 'applied', creditsDelta: -30 });
    expect(ledger.balanceOf(TENANT, 'dee')).toBe(0);
    expect(ledger.flagged.has(`${TENANT}:dee`)).toBe(true);
  });
});

describe('a plan bought through Checkout', () => {
  it('starts, renews, changes and ends, granting each period once', async () => {
    const events = await buy('eve', { plan: 'creator-pro' }, palette);
    for (const event of events) await deliver(event, palette);
    expect(ledger.balanceOf(TENANT, 'eve')).toBe(1500);
    expect(ledger.plans.get(`${TENANT}:eve`)).toBe('creator-pro');
    expect(ledger.appliedCommands.map((c) => c.kind)).toEqual(['ignore', 'ignore', 'start_subscription']);

    const subscriptionId = [...fake.state.subscriptions.keys()].at(-1) as string;
    const [renewed] = fake.scenario.renewSubscription(subscriptionId);
    if (renewed === undefined) throw new Error('no event');
    await deliver(renewed, palette);
    await deliver(renewed, palette);
    expect(ledger.balanceOf(TENANT, 'eve')).toBe(1500); // the last period's allowance ended

    fake.state.clock = () => Math.floor(Date.now() / 1000) + 60;
    const [upgraded] = fake.scenario.changeSubscriptionPrice(subscriptionId, 7500);
    fake.state.clock = () => Math.floor(Date.now() / 1000) + 120;
    const [ended] = fake.scenario.cancelSubscription(subscriptionId);
    if (upgraded === undefined || ended === undefined) throw new Error('no event');
    // Out of order: the cancellation first, then the older plan change, which is stale.
    await deliver(ended, palette);
    const stale = await deliver(upgraded, palette);
    expect(stale.ok && stale.value.outcome.status).toBe('stale');
    expect(ledger.plans.get(`${TENANT}:eve`)).toBe('creator-free');
  });
});

describe('refused webhooks write nothing', () => {
  it('refuses a forged signature and a body changed by one byte', async () => {
    const [completed] = await buy('fay', { pack: 'starter' }, musicgen);
    if (completed === undefined) throw new Error('no event');
    const forged = await deliver(completed, musicgen, { secret: 'whsec_attacker' });
    const tampered = await deliver(completed, musicgen, {
      tamper: (body) => body.replace('"amount_total":500', '"amount_total":900'),
    });
    for (const result of [forged, tampered]) {
      expect(result.ok ? null : result.error).toMatchObject({
        code: 'invalid_request',
        param: 'stripe-signature',
      });
    }
    expect(ledger.appliedCommands).toHaveLength(0);
  });

  it('refuses a delivery signed more than 300 s ago', async () => {
    const [completed] = await buy('gus', { pack: 'starter' }, musicgen);
    if (completed === undefined) throw new Error('no event');
    const payload = JSON.stringify(completed);
    const signatureHeader = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const result = await handleStripeWebhook(
      {
        tenantId: TENANT,
        rawBody: payload,
        signatureHeader,
        webhookSecret: WEBHOOK_SECRET,
        catalog: musicgen,
        now: Date.now() + 301_000,
      },
      ledger,
    );
    expect(result.ok ? null : result.error.details).toEqual({ reason: 'timestamp_outside_tolerance' });
    expect(ledger.appliedCommands).toHaveLength(0);
  });
});
