/**
 * A checkout for a plan when the customer already subscribes (issue 12.1) answers the flow
 * that changes the current subscription, never a second one: with Stripe keys a portal
 * session confirming the switch to the new plan's Price (played by the fake Stripe), in TEST
 * MODE a local confirm page that signs `customer.subscription.updated`. Either way the change
 * arrives through the Stripe webhook route, and an upgrade grants the prorated difference.
 * Run on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { type FakeStripe, startFakeStripe } from '../fakes/stripe-server.ts';
import {
  createCustomer,
  createPaymentsApp,
  deliverAll,
  type PaymentsApp,
  payTestCheckout,
  readCustomer,
  startCheckout,
} from '../support/payments-app.ts';

const DAY = 24 * 60 * 60;

/** Registers the suites; `makeStore` picks the database (SQLite when absent). */
export function describePlanChange(name: string, makeStore?: () => Promise<Store>, skip = false) {
  const stores = makeStore ? { makeStore } : {};

  describe.skipIf(skip)(`plan change of a subscriber, Stripe (${name})`, () => {
    let fake: FakeStripe;
    let t: PaymentsApp;
    let n = 0;
    beforeAll(async () => {
      fake = await startFakeStripe();
      t = await createPaymentsApp({ fake, ...stores });
    });
    afterAll(async () => {
      await t?.close();
      await fake?.stop();
    });

    it('answers a portal session confirming the switch; the upgrade grants the prorated difference', async () => {
      // The subscription starts 15 of its 30 days ago; the change happens now (never in the future).
      const t0 = Math.floor(Date.now() / 1000);
      fake.state.clock = () => t0 - 15 * DAY;
      const customer = await createCustomer(t, t.palette, `sub-${++n}`);
      const first = await startCheckout(t, t.palette, { customer, plan: 'creator-pro' });
      await deliverAll(t, t.palette.id, fake.scenario.completeCheckout(String(first.body.id)));
      const sessions = fake.state.checkoutSessions.size;

      const change = await startCheckout(t, t.palette, { customer, plan: 'studio-pro' });
      expect(change.status, JSON.stringify(change.body)).toBe(200);
      expect(change.body).toMatchObject({ mode: 'subscription_update', test_mode: false });
      expect(fake.state.checkoutSessions.size).toBe(sessions); // no second subscription
      const portal = fake.state.portalSessions.get(String(change.body.id));
      expect(portal?.url).toBe(change.body.url);
      expect(portal?.flow).toMatchObject({ type: 'subscription_update_confirm' });

      fake.state.clock = () => t0; // half of the fake's 30-day period left
      const [updated] = await deliverAll(
        t,
        t.palette.id,
        fake.scenario.confirmPortalPlanChange(String(change.body.id)),
      );
      expect(updated?.body).toMatchObject({ outcome: 'applied', credits_delta: 1750 });
      const c = await readCustomer(t, t.palette, customer);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 1500 + 1750]);

      // A downgrade is a change too; the plan they are on is refused, naming the field.
      const down = await startCheckout(t, t.palette, { customer, plan: 'creator-pro' });
      expect(down.body).toMatchObject({ mode: 'subscription_update' });
      const same = await startCheckout(t, t.palette, { customer, plan: 'studio-pro' });
      expect([same.status, same.body.error?.code, same.body.error?.param]).toEqual([
        400,
        'invalid_request',
        'plan',
      ]);
      // The plan Prices and the portal configuration were made once and reused.
      expect(fake.state.prices.size).toBe(3);
      expect(fake.state.portalConfigurations.size).toBe(1);
      fake.state.clock = () => Math.floor(Date.now() / 1000);
    });
  });

  describe.skipIf(skip)(`plan change of a subscriber, TEST MODE (${name})`, () => {
    let t: PaymentsApp;
    let n = 0;
    beforeAll(async () => {
      t = await createPaymentsApp(stores);
    });
    afterAll(() => t?.close());

    const post = (path: string) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });

    it('answers a confirm page that signs customer.subscription.updated; confirming twice changes once', async () => {
      const customer = await createCustomer(t, t.palette, `test-${++n}`);
      const first = await startCheckout(t, t.palette, { customer, plan: 'creator-pro' });
      expect((await payTestCheckout(t, String(first.body.url))).statusCode).toBe(200);

      const change = await startCheckout(t, t.palette, {
        customer,
        plan: 'studio-pro',
        success_url: 'https://app.example/upgraded',
      });
      expect(change.body).toMatchObject({ mode: 'subscription_update', test_mode: true });
      const url = new URL(String(change.body.url));
      const path = `${url.pathname}${url.search}`;
      expect(path).toMatch(/^\/test-checkout\/change\?token=/);
      const page = await t.app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Switch to the Studio Pro plan');
      expect(page.body).toContain('<strong>TEST MODE:</strong>');

      const forged = await post(`${path.slice(0, -2)}xx`);
      expect(forged.statusCode).toBe(404);
      const confirmed = await post(path);
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toMatchObject({
        status: 'confirmed',
        outcome: 'applied',
        redirect: 'https://app.example/upgraded',
      });
      expect((await post(path)).json()).toMatchObject({ outcome: 'duplicate' });
      const c = await readCustomer(t, t.palette, customer);
      expect(c.plan).toBe('studio-pro');
      // Creator Pro's 1,500 plus nearly all of the 3,500 difference (the period has just begun).
      expect(c.lots_by_source.plan).toBeGreaterThan(1500 + 3400);
      expect(c.lots_by_source.plan).toBeLessThanOrEqual(5000);
      expect((await t.engine.verify()).ok).toBe(true);
    });
  });
}
