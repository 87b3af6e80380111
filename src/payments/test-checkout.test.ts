import { beforeAll, describe, expect, it } from 'vitest';
import { loadTestCatalog } from '../../test/fakes/catalogs.ts';
import { InMemoryPaymentLedger } from '../../test/fakes/ledger-port.ts';
import type { Catalog } from '../domain/catalog.ts';
import { handleStripeWebhook } from './handle-webhook.ts';
import { generateLocalWebhookSecret, resolveStripeSetup } from './stripe.ts';
import { createTestCheckout, TEST_MODE_NOTICE } from './test-checkout.ts';

const TENANT = 'ten_offline';
const now = Date.UTC(2026, 0, 31, 10, 0, 0);
let musicgen: Catalog;
let palette: Catalog;
beforeAll(async () => {
  musicgen = await loadTestCatalog('musicgen');
  palette = await loadTestCatalog('directors-palette');
});

/** A tenant created without Stripe keys, on an install without them. */
function offlineSetup() {
  const setup = resolveStripeSetup(
    { stripeSecretKey: null, stripeWebhookSecret: null, localWebhookSecret: generateLocalWebhookSecret() },
    { stripeSecretKey: null, stripeWebhookSecret: null, stripeApiBase: null },
  );
  if (setup.mode !== 'test') throw new Error('expected test mode');
  return setup;
}

describe('the offline test checkout', () => {
  it('buys a pack through the same webhook handler, signed with the tenant local secret', async () => {
    const setup = offlineSetup();
    const ledger = new InMemoryPaymentLedger();
    const checkout = createTestCheckout({
      tenantId: TENANT,
      catalog: musicgen,
      customer: { id: 'alice', stripeCustomerId: null },
      item: { pack: 'popular' },
      webhookSecret: setup.webhookSecret,
      now,
    });
    if (!checkout.ok) throw new Error(checkout.error.message);
    expect(checkout.value).toMatchObject({ testMode: true, notice: TEST_MODE_NOTICE, mode: 'payment' });
    expect(TEST_MODE_NOTICE).toMatch(/^TEST MODE/);
    expect(checkout.value.deliveries).toHaveLength(1);

    for (const delivery of checkout.value.deliveries) {
      const body = JSON.parse(delivery.payload);
      expect(body.livemode).toBe(false);
      expect(body.id).toContain('tollgate_test');
      expect(body.data.object.metadata.tollgate_test_mode).toBe('true');
      const handled = await handleStripeWebhook(
        {
          tenantId: TENANT,
          rawBody: delivery.payload,
          signatureHeader: delivery.signatureHeader,
          webhookSecret: setup.webhookSecret,
          catalog: musicgen,
          now,
        },
        ledger,
      );
      expect(handled.ok && handled.value.command).toMatchObject({ kind: 'grant_purchase', credits: 400 });
    }
    expect(ledger.balanceOf(TENANT, 'alice')).toBe(400);
  });

  it("starts a plan with the plan's allowance (session, then first invoice)", async () => {
    const setup = offlineSetup();
    const ledger = new InMemoryPaymentLedger();
    const checkout = createTestCheckout({
      tenantId: TENANT,
      catalog: palette,
      customer: { id: 'bob', stripeCustomerId: null },
      item: { plan: 'studio-pro' },
      webhookSecret: setup.webhookSecret,
      now,
    });
    if (!checkout.ok) throw new Error(checkout.error.message);
    expect(checkout.value.deliveries.map((d) => d.eventType)).toEqual([
      'checkout.session.completed',
      'invoice.paid',
    ]);
    const kinds = [];
    for (const delivery of checkout.value.deliveries) {
      const handled = await handleStripeWebhook(
        {
          tenantId: TENANT,
          rawBody: delivery.payload,
          signatureHeader: delivery.signatureHeader,
          webhookSecret: setup.webhookSecret,
          catalog: palette,
          now,
        },
        ledger,
      );
      if (!handled.ok) throw new Error(handled.error.message);
      kinds.push(handled.value.command.kind);
    }
    expect(kinds).toEqual(['ignore', 'start_subscription']);
    expect(ledger.plans.get(`${TENANT}:bob`)).toBe('studio-pro');
    expect(ledger.balanceOf(TENANT, 'bob')).toBe(5000);
    // Jan 31 + one month clamps to Feb 28.
    const command = ledger.appliedCommands.at(-1);
    expect(command?.kind === 'start_subscription' && new Date(command.periodEnd).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });

  it('cannot grant credits on a tenant with real Stripe keys: its events do not verify there', async () => {
    const setup = offlineSetup();
    const checkout = createTestCheckout({
      tenantId: TENANT,
      catalog: musicgen,
      customer: { id: 'mallory', stripeCustomerId: null },
      item: { pack: 'creator' },
      webhookSecret: setup.webhookSecret,
      now,
    });
    if (!checkout.ok) throw new Error(checkout.error.message);
    const delivery = checkout.value.deliveries[0];
    const ledger = new InMemoryPaymentLedger();
    const handled = await handleStripeWebhook(
      {
        tenantId: TENANT,
        rawBody: delivery?.payload ?? '',
        signatureHeader: delivery?.signatureHeader,
        webhookSecret: 'whsec_the_real_stripe_endpoint_secret',
        catalog: musicgen,
        now,
      },
      ledger,
    );
    expect(handled.ok ? null : handled.error.details).toEqual({ reason: 'signature_mismatch' });
    expect(ledger.appliedCommands).toHaveLength(0);
  });

  it('refuses unknown items and free plans', () => {
    const base = {
      tenantId: TENANT,
      customer: { id: 'c', stripeCustomerId: null },
      webhookSecret: 'whsec_x',
      now,
    };
    const pack = createTestCheckout({ ...base, catalog: musicgen, item: { pack: 'nope' } });
    const free = createTestCheckout({ ...base, catalog: palette, item: { plan: 'creator-free' } });
    expect(pack.ok ? null : pack.error.code).toBe('unknown_pack');
    expect(free.ok ? null : free.error.code).toBe('invalid_request');
  });
});
