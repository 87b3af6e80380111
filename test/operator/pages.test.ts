/**
 * Issue 14 items 3 and the payments page: `/dashboard/` is served (the built page, or a clear
 * 404 naming the build command), and `GET /v1/stripe-events` lists events with their money,
 * those needing attention first — on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cents, credits } from '../../src/domain/credits.ts';
import { forEachDatabase } from '../support/each-database.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

forEachDatabase((db) => {
  describe('dashboard page and Stripe events', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ makeStore: db.makeStore });
    });
    afterAll(() => t?.close());

    it('serves /dashboard/ (or says how to build it) and redirects /dashboard', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/dashboard/' });
      if (page.statusCode === 200) expect(page.body).toContain('<div id="root">');
      else expect(page.body).toContain('vite build web/dashboard');
      const redirect = await t.app.inject({ method: 'GET', url: '/dashboard' });
      expect(redirect.headers.location).toBe('/dashboard/');
    });

    it('lists Stripe events, the ones needing attention first, with the money each moved', async () => {
      await t.call(t.a.key, 'POST', '/v1/customers', { id: 'payer' });
      const now = Date.now();
      const pay = await t.engine.applyPaymentCommand(t.a.id, {
        kind: 'start_subscription',
        eventId: 'evt_pages_1',
        occurredAt: now,
        invoiceId: 'in_pages_1',
        subscriptionId: 'sub_pages_1',
        customerId: 'payer',
        stripeCustomerId: 'cus_pages',
        planId: 'creator-pro',
        credits: credits(1500),
        periodStart: now,
        periodEnd: now + 86_400_000,
        paymentRef: 'pi_pages_1',
        amountPaidCents: cents(2500),
      });
      expect(pay.ok).toBe(true);
      const lost = await t.engine.applyPaymentCommand(t.a.id, {
        kind: 'ignore',
        eventId: 'evt_pages_2',
        occurredAt: now - 1000,
        eventType: 'checkout.session.completed',
        reason: 'no customer in the metadata',
        needsAttention: true,
      });
      expect(lost.ok).toBe(true);
      const list = await t.call(t.a.key, 'GET', '/v1/stripe-events');
      expect(list.status).toBe(200);
      const data = list.body.data as Record<string, unknown>[];
      expect(data.map((e) => e.event_id)).toEqual(['evt_pages_2', 'evt_pages_1']);
      expect(data[0]).toMatchObject({ needs_attention: true, amount_cents: null });
      expect(data[1]).toMatchObject({
        needs_attention: false,
        customer_id: 'payer',
        amount_cents: 2500,
        amount_kind: 'plan',
        item: 'creator-pro',
      });
      expect((await t.call(t.b.key, 'GET', '/v1/stripe-events')).body.data).toEqual([]);
    });
  });
});
