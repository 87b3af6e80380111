/**
 * One plan subscription per customer (issue 12.1), end to end through the Stripe webhook route
 * on SQLite and PostgreSQL: every event made by the fake Stripe, signed with the SDK's
 * `generateTestHeaderString` and posted as raw bytes. Only the customer's current subscription
 * changes their plan and allowance: ending or renewing an older one leaves them on the current
 * one's plan with its credits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { type FakeStripe, startFakeStripe } from '../fakes/stripe-server.ts';
import {
  createCustomer,
  createPaymentsApp,
  deliverAll,
  type PaymentsApp,
  readCustomer,
  startCheckout,
} from '../support/payments-app.ts';

/** Registers the suite; `makeStore` picks the database (SQLite when absent). */
export function describeOneSubscription(name: string, makeStore?: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`one plan subscription per customer (${name})`, () => {
    let fake: FakeStripe;
    let t: PaymentsApp;
    let n = 0;

    beforeAll(async () => {
      fake = await startFakeStripe();
      t = await createPaymentsApp({ fake, ...(makeStore ? { makeStore } : {}) });
    });
    afterAll(async () => {
      await t?.close();
      await fake?.stop();
    });

    /** The fake's subscription made by a completed checkout session. */
    function subscriptionOf(sessionId: string): string {
      const session = fake.state.checkoutSessions.get(sessionId);
      return String(session?.subscription);
    }

    /** Two checkouts started before either was paid (two tabs): sub A Creator Pro, then sub B Studio Pro. */
    async function subscribeTwice() {
      const customer = await createCustomer(t, t.palette, `twice-${++n}`);
      const a = await startCheckout(t, t.palette, { customer, plan: 'creator-pro' });
      const b = await startCheckout(t, t.palette, { customer, plan: 'studio-pro' });
      expect([a.status, b.status]).toEqual([200, 200]);
      await deliverAll(t, t.palette.id, fake.scenario.completeCheckout(String(a.body.id)));
      await deliverAll(t, t.palette.id, fake.scenario.completeCheckout(String(b.body.id)));
      const c = await readCustomer(t, t.palette, customer);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 5000]);
      return { customer, a: subscriptionOf(String(a.body.id)), b: subscriptionOf(String(b.body.id)) };
    }

    it('ending the older subscription A leaves the customer on B: Studio Pro, 5,000 credits', async () => {
      const { customer, a } = await subscribeTwice();
      const [ended] = await deliverAll(t, t.palette.id, fake.scenario.cancelSubscription(a));
      expect(ended?.status).toBe(200);
      expect(ended?.body.outcome).toBe('stale');
      const c = await readCustomer(t, t.palette, customer);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 5000]);
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('a late renewal of A grants nothing and keeps Studio Pro', async () => {
      const { customer, a } = await subscribeTwice();
      await deliverAll(t, t.palette.id, fake.scenario.cancelSubscription(a));
      const [renewed] = await deliverAll(t, t.palette.id, fake.scenario.renewSubscription(a));
      expect(renewed?.status).toBe(200);
      expect(renewed?.body.outcome).toBe('stale');
      const c = await readCustomer(t, t.palette, customer);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 5000]);
    });

    it('a renewal or a price change of A while B is current changes nothing', async () => {
      const { customer, a, b } = await subscribeTwice();
      const renewal = fake.scenario.renewSubscription(a);
      const [renewed] = await deliverAll(t, t.palette.id, renewal);
      expect(renewed?.body.outcome).toBe('stale');
      // The customer paid for a subscription they do not use: an operator must look.
      const flagged = await t.store.read((tx) => tx.payments.listNeedingAttention(t.palette.id, 100));
      expect(flagged.map((e) => e.eventId)).toContain(renewal[0]?.id);
      const [changed] = await deliverAll(t, t.palette.id, fake.scenario.changeSubscriptionPrice(a, 2500));
      expect(changed?.body.outcome).toBe('stale');
      let c = await readCustomer(t, t.palette, customer);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 5000]);
      // B renews as usual; ending B, the current one, falls back to the free plan.
      await deliverAll(t, t.palette.id, fake.scenario.renewSubscription(b));
      c = await readCustomer(t, t.palette, customer);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 5000]);
      const [ended] = await deliverAll(t, t.palette.id, fake.scenario.cancelSubscription(b));
      expect(ended?.body.outcome).toBe('applied');
      c = await readCustomer(t, t.palette, customer);
      expect(c.plan).toBe('creator-free');
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('an upgrade mid-period grants the prorated difference once; a downgrade takes nothing back', async () => {
      const customer = await createCustomer(t, t.palette, `upgrade-${++n}`);
      // The subscription started 15 of its 30 days ago; the change happens now (never in the future).
      const now = Math.floor(Date.now() / 1000);
      const realClock = fake.state.clock;
      fake.state.clock = () => now - 15 * 24 * 60 * 60;
      const started = await startCheckout(t, t.palette, { customer, plan: 'creator-pro' });
      await deliverAll(t, t.palette.id, fake.scenario.completeCheckout(String(started.body.id)));
      const sub = subscriptionOf(String(started.body.id));
      fake.state.clock = () => now;
      try {
        const [up] = await deliverAll(t, t.palette.id, fake.scenario.changeSubscriptionPrice(sub, 7500));
        // Half the period left: half of Studio Pro's 5,000 minus Creator Pro's 1,500.
        expect(up?.body).toMatchObject({ outcome: 'applied', credits_delta: 1750 });
        let c = await readCustomer(t, t.palette, customer);
        expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 1500 + 1750]);
        await deliverAll(t, t.palette.id, fake.scenario.changeSubscriptionPrice(sub, 2500));
        const [again] = await deliverAll(t, t.palette.id, fake.scenario.changeSubscriptionPrice(sub, 7500));
        expect(again?.body.outcome).toBe('applied');
        expect(again?.body.credits_delta).toBeUndefined();
        c = await readCustomer(t, t.palette, customer);
        expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 3250]);
      } finally {
        fake.state.clock = realClock;
      }
      await deliverAll(t, t.palette.id, fake.scenario.renewSubscription(sub));
      const c = await readCustomer(t, t.palette, customer);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 5000]);
      expect((await t.engine.verify()).ok).toBe(true);
    });
  });
}
