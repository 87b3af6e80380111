/**
 * Auto top-up end to end (issue 17 item 1), run on SQLite and on PostgreSQL: the real Stripe
 * SDK against the fake Stripe (a setup-mode Checkout saves a card; off-session PaymentIntents
 * succeed, are declined or need authentication by the saved test card), every Stripe event
 * signed and posted to the webhook route. Credits come only from `payment_intent.succeeded`,
 * once; 50 concurrent commits crossing the threshold make one top-up; a failed card turns auto
 * top-up off and says so; the monthly limit counts what is in flight; TEST MODE signs its own
 * events. `tollgate verify` passes after each.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { autoTopUpsOf } from '../../src/http/app.ts';
import type { StripeEventJson } from '../../src/payments/test-events.ts';
import type { Store } from '../../src/store/store.ts';
import { eventsOfType } from '../fakes/stripe/scenarios.ts';
import { type FakeStripe, startFakeStripe } from '../fakes/stripe-server.ts';
import { createCustomer, createPaymentsApp, deliver, type PaymentsApp } from '../support/payments-app.ts';

const MINUTE = 60_000;

/** Registers the suite; `makeStore` picks the database (SQLite when absent). */
export function describeAutoTopUp(name: string, makeStore?: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`auto top-up (${name})`, () => {
    let fake: FakeStripe;
    let t: PaymentsApp;
    let clock = Date.now();
    let n = 0;

    beforeAll(async () => {
      fake = await startFakeStripe();
      t = await createPaymentsApp({ fake, now: () => clock, ...(makeStore ? { makeStore } : {}) });
      // Overage on: a 5 s hold committed as 10 s charges one credit more than held, so commits move `available`.
      // Batches on (bulk operations) for the free plan, so a batch can cross the threshold too.
      const file = parse(readFileSync('catalogs/musicgen.yaml', 'utf8')) as {
        plans: { entitlements: Record<string, unknown> }[];
      };
      for (const plan of file.plans) plan.entitlements.bulk_operations = true;
      const published = await t.call(t.music.key, 'PUT', '/v1/catalog', { ...file, allow_overage: true });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
    });
    afterAll(async () => {
      await t?.close();
      await fake?.stop();
    });

    const key = () => t.music.key;
    const drain = () => autoTopUpsOf(t.app).drain();
    const call = (method: string, url: string, body?: unknown) => t.call(key(), method, url, body);
    const send = (event: StripeEventJson) => deliver(t, t.music.id, event, { now: clock });
    const available = async (customer: string) =>
      Number(
        ((await call('GET', `/v1/customers/${customer}`)).body.balance as { available: number }).available,
      );
    const intentsOf = (customer: string) =>
      [...fake.state.paymentIntents.values()].filter(
        (intent) => (intent.metadata as Record<string, string>).tollgate_customer_id === customer,
      );
    const succeededFor = (customer: string) =>
      eventsOfType(fake.state, 'payment_intent.succeeded').filter(
        (event) =>
          (event.data.object as { metadata: Record<string, string> }).metadata.tollgate_customer_id ===
          customer,
      );
    const purchases = async (customer: string) =>
      (
        (await call('GET', `/v1/customers/${customer}`)).body.lots as { source: string; amount: number }[]
      ).filter((lot) => lot.source === 'purchase');
    /** The payloads of the tenant's outbox events of `type` about `customer`. */
    const outboxPayloads = async (type: string, customer: string) =>
      (
        await t.store.raw.query<{ payload: string }>(
          'SELECT payload FROM outbox WHERE tenant_id = ? AND type = ?',
          [t.music.id, type],
        )
      )
        .map((row) => JSON.parse(String(row.payload)) as Record<string, unknown>)
        .filter((p) => p.customer === customer);
    const verify = async () => {
      const report = await t.engine.verify();
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    };

    /** A MusicGen customer with 100 granted credits, the rule set, and `card` saved through a setup Checkout. */
    async function customerWithCard(card: string, rule: Record<string, unknown>) {
      const customer = await createCustomer(t, t.music, `atu-${name}-${++n}`);
      const granted = await call('POST', '/v1/grants', { customer, credits: 100 });
      expect(granted.status, JSON.stringify(granted.body)).toBe(200);
      const set = await call('PUT', `/v1/customers/${customer}/auto-top-up`, rule);
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body.status).toBe('needs_payment_method');
      const setup = await call('POST', `/v1/customers/${customer}/auto-top-up/setup`, {});
      expect(setup.status, JSON.stringify(setup.body)).toBe(200);
      expect(setup.body).toMatchObject({ mode: 'setup', test_mode: false });
      for (const event of fake.scenario.completeSetup(String(setup.body.id), card)) {
        expect((await send(event)).status).toBe(200);
      }
      const read = await call('GET', `/v1/customers/${customer}/auto-top-up`);
      expect(read.body).toMatchObject({ status: 'active', payment_method_saved: true, in_flight: false });
      return customer;
    }

    const charge = (customer: string, duration = 5) =>
      call('POST', '/v1/charges', { customer, model: 'musicgen', params: { duration } });

    it('50 concurrent commits crossing the threshold give one top-up, granted once by its webhook, even delivered twice', async () => {
      clock += 10 * MINUTE;
      const customer = await customerWithCard('pm_card_visa', {
        threshold: 1,
        pack: 'starter',
        monthly_limit_cents: 5000,
      });
      const holds: string[] = [];
      for (let i = 0; i < 50; i += 1) {
        const hold = await call('POST', '/v1/holds', {
          customer,
          model: 'musicgen',
          params: { duration: 5 },
        });
        expect(hold.status, JSON.stringify(hold.body)).toBe(200);
        holds.push(String(hold.body.id));
      }
      const before = await available(customer);
      // Above the threshold now by 20; the 50 commits (one credit of overage each) take it 30 below.
      const threshold = before - 20;
      const set = await call('PUT', `/v1/customers/${customer}/auto-top-up`, {
        threshold,
        pack: 'starter',
        monthly_limit_cents: 5000,
      });
      expect(set.body.status).toBe('active');
      await drain();
      expect(intentsOf(customer)).toHaveLength(0);

      const commits = await Promise.all(
        holds.map((id) => call('POST', `/v1/holds/${id}/commit`, { usage: { duration: 10 } })),
      );
      for (const commit of commits) expect(commit.status, JSON.stringify(commit.body)).toBe(200);
      expect(await available(customer)).toBe(before - 50);
      expect(commits.some((c) => (c.body.balance as { available: number }).available < threshold)).toBe(true);
      expect(commits.every((c) => (c.body.auto_top_up as { status: string }).status === 'active')).toBe(true);
      await drain();

      expect(intentsOf(customer)).toHaveLength(1);
      const intent = intentsOf(customer)[0] as Record<string, unknown>;
      expect(intent).toMatchObject({ amount: 500, currency: 'usd', status: 'succeeded' });
      const request = fake.state.requests.find((r) => r.path === '/v1/payment_intents' && r.status === 200);
      expect(request?.body).toMatchObject({ off_session: 'true', confirm: 'true' });
      expect(request?.idempotencyKey).toMatch(/^tollgate-auto-top-up-/);
      // Nothing granted before the webhook: the top-up is in flight.
      expect(await purchases(customer)).toEqual([]);
      expect((await call('GET', `/v1/customers/${customer}/auto-top-up`)).body.in_flight).toBe(true);

      const [succeeded] = succeededFor(customer);
      if (succeeded === undefined) throw new Error('no payment_intent.succeeded');
      const first = await send(succeeded);
      expect(first.body).toMatchObject({ outcome: 'applied', credits_delta: 100 });
      const again = await send(succeeded);
      expect(again.body.outcome).toBe('duplicate');
      const [lot, ...more] = await purchases(customer);
      expect(lot?.amount).toBe(100);
      expect(more).toEqual([]);
      expect(await available(customer)).toBe(before - 50 + 100);
      const read = await call('GET', `/v1/customers/${customer}/auto-top-up`);
      expect(read.body).toMatchObject({ status: 'active', in_flight: false, spent_this_month_cents: 500 });
      expect(await outboxPayloads('auto_top_up.succeeded', customer)).toHaveLength(1);
      await verify();
    });

    it('never claims twice at once, however many processes ask (the claim under the lock)', async () => {
      clock += 10 * MINUTE;
      const customer = await customerWithCard('pm_card_visa', {
        threshold: 100_000,
        pack: 'starter',
        monthly_limit_cents: 5000,
      });
      const claims = await Promise.all(
        Array.from({ length: 50 }, () =>
          t.engine.claimAutoTopUp({ tenantId: t.music.id, customerId: customer }),
        ),
      );
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      expect(new Set(claims.filter((c) => !c.claimed).map((c) => (c.claimed ? '' : c.reason)))).toEqual(
        new Set(['in_flight']),
      );
    });

    it('a declined card turns auto top-up off, emits auto_top_up.failed with the reason, and the next answers say so', async () => {
      clock += 10 * MINUTE;
      const customer = await customerWithCard('pm_card_chargeDeclined', {
        threshold: 1000,
        pack: 'starter',
        monthly_limit_cents: 5000,
      });
      const first = await charge(customer);
      expect(first.status).toBe(200);
      await drain();
      expect(intentsOf(customer)).toHaveLength(1);
      expect(await purchases(customer)).toEqual([]);

      const read = await call('GET', `/v1/customers/${customer}`);
      expect(read.body.auto_top_up).toMatchObject({
        status: 'failed',
        in_flight: false,
        failure: { code: 'card_declined' },
      });
      const next = await charge(customer);
      expect(next.body.auto_top_up).toMatchObject({ status: 'failed', failure: { code: 'card_declined' } });
      await drain();
      expect(intentsOf(customer)).toHaveLength(1); // off: no second charge

      expect(await outboxPayloads('auto_top_up.failed', customer)).toEqual([
        expect.objectContaining({ customer, reason: 'card_declined', amount_cents: 500, auto_top_up: 'off' }),
      ]);
      // Stripe's own payment_intent.payment_failed arrives too: nothing more happens.
      const [failed] = eventsOfType(fake.state, 'payment_intent.payment_failed').filter(
        (e) => (e.data.object as { id: string }).id === intentsOf(customer)[0]?.id,
      );
      if (failed === undefined) throw new Error('no payment_intent.payment_failed');
      expect((await send(failed)).body.outcome).toBe('ignored');
      await verify();
    });

    it('a card that needs authentication turns it off too, with that reason', async () => {
      clock += 10 * MINUTE;
      const customer = await customerWithCard('pm_card_authenticationRequired', {
        threshold: 1000,
        credits: 250,
        monthly_limit_cents: 5000,
      });
      await charge(customer);
      await drain();
      const read = await call('GET', `/v1/customers/${customer}/auto-top-up`);
      expect(read.body).toMatchObject({ status: 'failed', failure: { code: 'authentication_required' } });
      expect(intentsOf(customer)[0]).toMatchObject({ amount: 250 });
      // Turning it on again clears the failure.
      const again = await call('PUT', `/v1/customers/${customer}/auto-top-up`, {
        threshold: 1000,
        credits: 250,
        monthly_limit_cents: 5000,
      });
      expect(again.body).toMatchObject({ status: 'active', failure: null });
    });

    it('never passes the monthly limit, counting the top-up in flight; waits out the cooldown', async () => {
      clock += 10 * MINUTE;
      const customer = await customerWithCard('pm_card_visa', {
        threshold: 100_000,
        pack: 'starter',
        monthly_limit_cents: 1200,
      });
      const settle = async () => {
        await charge(customer);
        await drain();
      };
      await settle();
      expect(intentsOf(customer)).toHaveLength(1);
      clock += 2 * MINUTE;
      await settle(); // the first is in flight (its webhook has not come): no second
      expect(intentsOf(customer)).toHaveLength(1);
      for (const event of succeededFor(customer)) await send(event);
      await settle(); // in flight no more, cooldown past: the second
      expect(intentsOf(customer)).toHaveLength(2);
      for (const event of succeededFor(customer)) await send(event);
      await settle(); // inside the cooldown
      expect(intentsOf(customer)).toHaveLength(2);
      clock += 2 * MINUTE;
      await settle(); // 1000 spent + 500 would pass 1200
      expect(intentsOf(customer)).toHaveLength(2);
      const read = await call('GET', `/v1/customers/${customer}/auto-top-up`);
      expect(read.body).toMatchObject({ status: 'active', in_flight: false, spent_this_month_cents: 1000 });
      expect((await purchases(customer)).map((lot) => lot.amount)).toEqual([100, 100]);
      await verify();
    });

    it('captures, commits by job id and batches show the auto top-up and start one when they cross the threshold', async () => {
      clock += 10 * MINUTE;
      const customer = await customerWithCard('pm_card_visa', {
        threshold: 1,
        pack: 'starter',
        monthly_limit_cents: 5000,
      });
      const place = async (job: string) => {
        const hold = await call('POST', '/v1/holds', {
          customer,
          model: 'musicgen',
          params: { duration: 10 },
          job_id: `${customer}-${job}`,
        });
        expect(hold.status, JSON.stringify(hold.body)).toBe(200);
        return String(hold.body.id);
      };
      const captured = await place('a');
      await place('b');
      // Every answer from here on leaves `available` under the threshold.
      const rule = { threshold: 100_000, pack: 'starter', monthly_limit_cents: 5000 };
      expect((await call('PUT', `/v1/customers/${customer}/auto-top-up`, rule)).status).toBe(200);
      const grantTopUps = async () => {
        for (const event of succeededFor(customer)) await send(event);
        clock += 2 * MINUTE; // past the cooldown
      };
      const calls = [
        () =>
          call('POST', `/v1/holds/${captured}/capture`, {
            usage: { duration: 5 },
            final: false,
          }),
        () => call('POST', `/v1/jobs/${customer}-b/commit`, {}),
        () =>
          call('POST', '/v1/batches', {
            customer,
            items: [{ model: 'musicgen', params: { duration: 5 } }],
          }),
      ];
      for (const [i, run] of calls.entries()) {
        const answer = await run();
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.body.customer_id).toBe(customer);
        expect(answer.body.auto_top_up).toMatchObject({ status: 'active', failure: null });
        await drain();
        expect(intentsOf(customer)).toHaveLength(i + 1);
        await grantTopUps();
      }
      expect((await purchases(customer)).map((lot) => lot.amount)).toEqual([100, 100, 100]);
      await verify();
    });

    it('charges a top-up Stripe could not be reached for again in the retry pass, with the same key, once', async () => {
      clock += 10 * MINUTE;
      const customer = await customerWithCard('pm_card_visa', {
        threshold: 100_000,
        pack: 'starter',
        monthly_limit_cents: 5000,
      });
      const intentRequests = () =>
        fake.state.requests.filter(
          (r) =>
            r.path === '/v1/payment_intents' &&
            (r.body.metadata as Record<string, string> | undefined)?.tollgate_customer_id === customer,
        );
      fake.state.outage = true;
      try {
        expect((await charge(customer)).status).toBe(200);
        await drain(); // the SDK retried, then gave up: the attempt stays claimed, without an intent
      } finally {
        fake.state.outage = false;
      }
      const failed = intentRequests();
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((r) => r.status === 503)).toBe(true);
      expect(intentsOf(customer)).toHaveLength(0);
      expect((await call('GET', `/v1/customers/${customer}/auto-top-up`)).body.in_flight).toBe(true);
      await autoTopUpsOf(t.app).retryStale(); // not stale yet: left alone
      expect(intentsOf(customer)).toHaveLength(0);

      clock += 3 * MINUTE;
      expect(await autoTopUpsOf(t.app).retryStale()).toBeGreaterThanOrEqual(1);
      expect(intentsOf(customer)).toHaveLength(1);
      const keys = new Set(intentRequests().map((r) => r.idempotencyKey));
      expect(keys.size).toBe(1); // the retry used the failed attempt's key: Stripe can never charge twice
      await autoTopUpsOf(t.app).retryStale(); // it has its intent now: not charged again
      expect(intentsOf(customer)).toHaveLength(1);
      for (const event of succeededFor(customer)) await send(event);
      expect((await purchases(customer)).map((lot) => lot.amount)).toEqual([100]);
      expect((await call('GET', `/v1/customers/${customer}/auto-top-up`)).body.in_flight).toBe(false);
      await verify();
    });

    it('refuses a bad rule naming the field, and turns off by DELETE', async () => {
      const customer = await createCustomer(t, t.music, `atu-${name}-${++n}`);
      const path = `/v1/customers/${customer}/auto-top-up`;
      const both = await call('PUT', path, {
        threshold: 10,
        pack: 'starter',
        credits: 100,
        monthly_limit_cents: 1000,
      });
      expect(both.body.error).toMatchObject({ code: 'invalid_request', param: 'credits' });
      const unknown = await call('PUT', path, { threshold: 10, pack: 'nope', monthly_limit_cents: 1000 });
      expect(unknown.body.error).toMatchObject({ code: 'unknown_pack', param: 'pack' });
      const small = await call('PUT', path, { threshold: 10, pack: 'starter', monthly_limit_cents: 499 });
      expect(small.body.error).toMatchObject({ code: 'invalid_request', param: 'monthly_limit_cents' });
      const nobody = await call('GET', '/v1/customers/nobody-here/auto-top-up');
      expect(nobody.status).toBe(404);
      expect((await call('GET', path)).body).toMatchObject({ status: 'off', threshold: null });
      expect(
        (await call('PUT', path, { threshold: 10, pack: 'starter', monthly_limit_cents: 1000 })).status,
      ).toBe(200);
      const off = await call('DELETE', path);
      expect(off.body).toMatchObject({ status: 'off', threshold: 10, pack: 'starter' });
    });
  });

  describe.skipIf(skip)(`auto top-up in TEST MODE (${name})`, () => {
    let t: PaymentsApp;
    beforeAll(async () => {
      t = await createPaymentsApp(makeStore ? { makeStore } : {});
    });
    afterAll(async () => {
      await t?.close();
    });

    it('lets a customer session (checkout scope) set up its own auto top-up, never another customer’s', async () => {
      const mine = await createCustomer(t, t.music, `atu-session-${name}`);
      const other = await createCustomer(t, t.music, `atu-session-other-${name}`);
      const session = await t.call(t.music.key, 'POST', `/v1/customers/${mine}/sessions`, {});
      expect(session.status, JSON.stringify(session.body)).toBe(200);
      const token = String(session.body.token);
      const rule = { threshold: 10, pack: 'starter', monthly_limit_cents: 1000 };
      const own = await t.call(token, 'PUT', `/v1/customers/${mine}/auto-top-up`, rule);
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      expect(own.body).toMatchObject({ status: 'needs_payment_method', threshold: 10 });
      const setup = await t.call(token, 'POST', `/v1/customers/${mine}/auto-top-up/setup`, {
        test_payment_method: 'pm_card_visa',
      });
      expect(setup.body).toMatchObject({ mode: 'setup', test_mode: true });
      expect((await t.call(token, 'GET', `/v1/customers/${mine}/auto-top-up`)).body.status).toBe('active');
      for (const [method, suffix] of [
        ['PUT', ''],
        ['GET', ''],
        ['POST', '/setup'],
      ] as const) {
        const theirs = await t.call(
          token,
          method,
          `/v1/customers/${other}/auto-top-up${suffix}`,
          { PUT: rule, GET: undefined, POST: {} }[method],
        );
        expect(theirs.status, `${method} ${suffix}`).toBe(404);
      }
      expect((await t.call(t.music.key, 'GET', `/v1/customers/${other}/auto-top-up`)).body.status).toBe(
        'off',
      );
    });

    it('saves a test card and grants the top-up through a self-signed payment_intent.succeeded; a declined test card turns it off', async () => {
      const path = (c: string) => `/v1/customers/${c}/auto-top-up`;
      for (const [card, granted] of [
        ['pm_card_visa', true],
        ['pm_card_chargeDeclined', false],
      ] as const) {
        const customer = await createCustomer(t, t.music, `atu-test-${name}-${card}`);
        await t.call(t.music.key, 'PUT', path(customer), {
          threshold: 1000,
          pack: 'starter',
          monthly_limit_cents: 500,
        });
        const setup = await t.call(t.music.key, 'POST', `${path(customer)}/setup`, {
          test_payment_method: card,
        });
        expect(setup.body).toMatchObject({ mode: 'setup', test_mode: true });
        expect((await t.call(t.music.key, 'GET', path(customer))).body.status).toBe('active');
        await t.call(t.music.key, 'POST', '/v1/charges', {
          customer,
          model: 'musicgen',
          params: { duration: 5 },
        });
        await autoTopUpsOf(t.app).drain();
        const read = await t.call(t.music.key, 'GET', path(customer));
        const lots = (await t.call(t.music.key, 'GET', `/v1/customers/${customer}`)).body.lots as {
          source: string;
        }[];
        if (granted) {
          expect(read.body).toMatchObject({
            status: 'active',
            in_flight: false,
            spent_this_month_cents: 500,
          });
          expect(lots.filter((lot) => lot.source === 'purchase')).toHaveLength(1);
        } else {
          expect(read.body).toMatchObject({ status: 'failed', failure: { code: 'card_declined' } });
          expect(lots.filter((lot) => lot.source === 'purchase')).toHaveLength(0);
        }
      }
      const report = await t.engine.verify();
      expect(report.ok).toBe(true);
    });
  });
}
