/**
 * `POST /v1/webhooks/stripe/:tenant_id` end to end, run on SQLite and on PostgreSQL: checkouts
 * started through `POST /v1/checkout` against the fake Stripe (the real SDK pointed at it),
 * what happens at Stripe played by the fake's scenarios, every event signed with the SDK's
 * `generateTestHeaderString` and posted to the route as raw bytes. Credits come from the
 * event once, whatever the order, repetition or concurrency; a refused signature writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeEventJson } from '../../src/payments/test-events.ts';
import type { Store } from '../../src/store/store.ts';
import { findChargeByPaymentIntent } from '../fakes/stripe/scenarios.ts';
import { type FakeStripe, startFakeStripe } from '../fakes/stripe-server.ts';
import {
  createCustomer,
  createPaymentsApp,
  deliver,
  deliverAll,
  type PaymentsApp,
  readCustomer,
  snapshotLedger,
  startCheckout,
} from '../support/payments-app.ts';

/** Registers the suite; `makeStore` picks the database (SQLite when absent). */
export function describeStripeWebhookRoute(name: string, makeStore?: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`Stripe webhook route (${name})`, () => {
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

    /** A MusicGen customer and the events of their paid pack checkout, not yet delivered. */
    async function paidPack(options: { paid?: boolean } = {}) {
      const customer = await createCustomer(t, t.music, `buyer-${++n}`);
      // What the customer has before buying (the welcome reward, the free plan's daily credit).
      const base = (await readCustomer(t, t.music, customer)).balance.available;
      const started = await startCheckout(t, t.music, { customer, pack: 'starter' });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const events = fake.scenario.completeCheckout(String(started.body.id), options);
      const session = events[0]?.data.object as { payment_intent: string | null };
      const charge =
        session.payment_intent === null
          ? undefined
          : findChargeByPaymentIntent(fake.state, session.payment_intent);
      return { customer, base, events, chargeId: charge?.id as string };
    }

    const purchaseLots = async (customer: string) =>
      (await readCustomer(t, t.music, customer)).lots.filter((lot) => lot.source === 'purchase');

    it('checkout.session.completed (paid) grants the pack once; unpaid grants nothing', async () => {
      const paid = await paidPack();
      const [answer] = await deliverAll(t, t.music.id, paid.events);
      expect(answer?.status).toBe(200);
      expect(answer?.body).toMatchObject({
        outcome: 'applied',
        command: 'grant_purchase',
        credits_delta: 100,
      });
      expect((await readCustomer(t, t.music, paid.customer)).balance.available).toBe(paid.base + 100);

      const unpaid = await paidPack({ paid: false });
      const before = await snapshotLedger(t);
      const [ignored] = await deliverAll(t, t.music.id, unpaid.events);
      expect(ignored?.status).toBe(200);
      expect(ignored?.body.outcome).toBe('ignored');
      expect((await readCustomer(t, t.music, unpaid.customer)).balance.available).toBe(unpaid.base);
      expect((await snapshotLedger(t)).balances).toEqual(before.balances);
    });

    it('invoice.paid starts and renews a plan; subscription updated and deleted change it', async () => {
      const customer = await createCustomer(t, t.palette, `sub-${++n}`);
      const started = await startCheckout(t, t.palette, { customer, plan: 'creator-pro' });
      expect(started.body.mode).toBe('subscription');
      const events = fake.scenario.completeCheckout(String(started.body.id));
      const answers = await deliverAll(t, t.palette.id, events);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers[2]?.body).toMatchObject({ event_type: 'invoice.paid', outcome: 'applied' });
      let c = await readCustomer(t, t.palette, customer);
      expect(c.plan).toBe('creator-pro');
      expect(c.lots_by_source.plan).toBe(1500);

      const subscriptionId = [...fake.state.subscriptions.values()].find(
        (s) => s.customer === events[0]?.data.object.customer,
      )?.id as string;
      const renewal = await deliverAll(t, t.palette.id, fake.scenario.renewSubscription(subscriptionId));
      expect(renewal[0]?.body).toMatchObject({ command: 'renew_plan', outcome: 'applied' });
      c = await readCustomer(t, t.palette, customer);
      expect(c.lots_by_source.plan).toBe(1500); // the new period's allowance, the last one ended

      const upgrade = fake.scenario.changeSubscriptionPrice(subscriptionId, 7500);
      expect((await deliverAll(t, t.palette.id, upgrade))[0]?.status).toBe(200);
      expect((await readCustomer(t, t.palette, customer)).plan).toBe('studio-pro');

      const ended = await deliverAll(t, t.palette.id, fake.scenario.cancelSubscription(subscriptionId));
      expect(ended[0]?.body).toMatchObject({
        event_type: 'customer.subscription.deleted',
        outcome: 'applied',
      });
      expect((await readCustomer(t, t.palette, customer)).plan).toBe('creator-free');
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('charge.refunded takes back the unspent credits, by the delta of each partial refund, and flags', async () => {
      const refunded = await paidPack();
      await deliverAll(t, t.music.id, refunded.events);
      // Starter is 100 credits for 500 cents: 200 cents back takes 40, 200 more another 40, the rest 20.
      const deltas = [];
      for (const cents of [200, 200, undefined]) {
        const [answer] = await deliverAll(
          t,
          t.music.id,
          fake.scenario.refundCharge(refunded.chargeId, cents),
        );
        expect(answer?.body).toMatchObject({ event_type: 'charge.refunded', outcome: 'applied' });
        deltas.push((await readCustomer(t, t.music, refunded.customer)).balance.available - refunded.base);
      }
      expect(deltas).toEqual([60, 20, 0]);
      expect((await readCustomer(t, t.music, refunded.customer)).flagged).toBe(true);
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('charge.dispute.created holds the purchase back; closed won gives it back, lost claws it back', async () => {
      const winner = await paidPack();
      await deliverAll(t, t.music.id, winner.events);
      const [opened] = await deliverAll(t, t.music.id, fake.scenario.disputeCharge(winner.chargeId));
      expect(opened?.body).toMatchObject({ event_type: 'charge.dispute.created', outcome: 'applied' });
      let c = await readCustomer(t, t.music, winner.customer);
      expect(c.balance.available).toBe(winner.base);
      expect(c.flagged).toBe(true);
      expect((c as unknown as { disputed: number }).disputed).toBe(100);
      const disputeId = [...fake.state.disputes.keys()].at(-1) as string;
      const won = fake.scenario.closeDispute(disputeId, 'won');
      expect((await deliverAll(t, t.music.id, won))[0]?.body).toMatchObject({
        event_type: 'charge.dispute.closed',
        outcome: 'applied',
      });
      expect((await deliverAll(t, t.music.id, won))[0]?.body).toMatchObject({ outcome: 'duplicate' });
      c = await readCustomer(t, t.music, winner.customer);
      expect(c.balance.available).toBe(winner.base + 100);
      expect(c.flagged).toBe(false);
      expect((c as unknown as { disputed: number }).disputed).toBe(0);

      const loser = await paidPack();
      await deliverAll(t, t.music.id, loser.events);
      await deliverAll(t, t.music.id, fake.scenario.disputeCharge(loser.chargeId));
      const lostId = [...fake.state.disputes.keys()].at(-1) as string;
      await deliverAll(t, t.music.id, fake.scenario.closeDispute(lostId, 'lost'));
      c = await readCustomer(t, t.music, loser.customer);
      expect(c.balance.available).toBe(loser.base);
      expect(c.flagged).toBe(true);
      const report = await t.engine.verify();
      expect(report.problems).toEqual([]);
      // Held credits left `disputed` again: the won ones to the lot, the lost ones to `clawback`.
      expect(report.systemAccounts.disputed ?? 0).toBe(0);
    });

    it('a refund that arrives before the completed checkout ends the same way', async () => {
      const early = await paidPack();
      const refund = fake.scenario.refundCharge(early.chargeId);
      expect((await deliverAll(t, t.music.id, refund))[0]?.body.outcome).toBe('deferred');
      await deliverAll(t, t.music.id, early.events);
      const c = await readCustomer(t, t.music, early.customer);
      expect(c.balance.available).toBe(early.base);
      expect(c.flagged).toBe(true);
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('the same event 5 times in a row and 5 times at once grants once', async () => {
      const sequential = await paidPack();
      const event = sequential.events[0] as StripeEventJson;
      const outcomes: unknown[] = [];
      for (let i = 0; i < 5; i += 1) outcomes.push((await deliver(t, t.music.id, event)).body.outcome);
      expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect(await purchaseLots(sequential.customer)).toHaveLength(1);

      const concurrent = await paidPack();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => deliver(t, t.music.id, concurrent.events[0] as StripeEventJson)),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.body.outcome === 'applied')).toHaveLength(1);
      const lots = await purchaseLots(concurrent.customer);
      expect(lots.map((lot) => lot.amount)).toEqual([100]);
      expect((await readCustomer(t, t.music, concurrent.customer)).balance.available).toBe(
        concurrent.base + 100,
      );
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('a forged signature, a body changed by one byte and a stale timestamp answer 400 and write nothing', async () => {
      const { customer, base, events } = await paidPack();
      const event = events[0] as StripeEventJson;
      const before = await snapshotLedger(t);
      const forged = await deliver(t, t.music.id, event, { secret: 'whsec_not_the_real_one' });
      const edited = await deliver(t, t.music.id, event, {
        tamper: (payload) => payload.replace('"amount_total":500', '"amount_total":900'),
      });
      const stale = await deliver(t, t.music.id, event, { now: Date.now() - 301_000 });
      for (const [answer, reason] of [
        [forged, 'signature_mismatch'],
        [edited, 'signature_mismatch'],
        [stale, 'timestamp_outside_tolerance'],
      ] as const) {
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatchObject({
          code: 'invalid_request',
          param: 'stripe-signature',
          details: { reason },
        });
      }
      expect(await snapshotLedger(t)).toEqual(before);
      expect((await readCustomer(t, t.music, customer)).balance.available).toBe(base);
      // The genuine delivery still goes through afterwards: nothing was claimed by the refusals.
      expect((await deliver(t, t.music.id, event)).body.outcome).toBe('applied');
    });

    it('odd signed events (no data, wrong amount or currency, future timestamps) need attention and grant nothing', async () => {
      const { customer, base, events } = await paidPack();
      const event = events[0] as StripeEventJson;
      const session = event.data.object;
      const variant = (suffix: string, change: Partial<StripeEventJson>): StripeEventJson => ({
        ...event,
        id: `${event.id}_${suffix}`,
        ...change,
      });
      const odd: [StripeEventJson, number | undefined][] = [
        [variant('nodata', { data: undefined as never }), undefined],
        [variant('nullobject', { data: { object: null as never } }), undefined],
        [
          variant('amount', { data: { object: { ...session, amount_total: 1, amount_subtotal: 1 } } }),
          undefined,
        ],
        [variant('currency', { data: { object: { ...session, currency: 'jpy' } } }), undefined],
        [variant('signedlater', {}), Date.now() + 3_600_000],
        [variant('createdlater', { created: Math.floor(Date.now() / 1000) + 3_600 }), undefined],
      ];
      const before = await snapshotLedger(t);
      for (const [oddEvent, now] of odd) {
        const answer = await deliver(t, t.music.id, oddEvent, now === undefined ? {} : { now });
        expect(answer.status, oddEvent.id).toBe(200);
        expect(answer.body, oddEvent.id).toMatchObject({ outcome: 'ignored', event_id: oddEvent.id });
      }
      const after = await snapshotLedger(t);
      expect(after.balances).toEqual(before.balances);
      expect(after.lots).toEqual(before.lots);
      expect((await readCustomer(t, t.music, customer)).balance.available).toBe(base);
      const flagged = await t.store.read((tx) => tx.payments.listNeedingAttention(t.music.id, 100));
      expect(flagged.map((r) => r.eventId).sort()).toEqual(odd.map(([e]) => e.id).sort());
      // A signed body that is no event at all (no id) cannot be recorded: 400, nothing written.
      const noId = await deliver(t, t.music.id, { ...event, id: undefined as never });
      expect(noId.status).toBe(400);
      expect(noId.body.error).toMatchObject({ details: { reason: 'malformed_payload' } });
      expect((await snapshotLedger(t)).lots).toEqual(before.lots);
      // The genuine event still grants the pack: the odd ones claimed nothing.
      expect((await deliver(t, t.music.id, event)).body).toMatchObject({
        outcome: 'applied',
        credits_delta: 100,
      });
    });

    it('answers 404 for an unknown tenant and 400 without a signature', async () => {
      const { events } = await paidPack();
      const unknown = await deliver(t, 'no-such-tenant', events[0] as StripeEventJson);
      expect([unknown.status, unknown.body.error?.param]).toEqual([404, 'tenant_id']);
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/webhooks/stripe/${t.music.id}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(events[0]),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        param: 'stripe-signature',
        details: { reason: 'missing_header' },
      });
    });
  });
}
