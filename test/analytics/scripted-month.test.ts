/**
 * Issue 14 item 1: a scripted month of activity — customers, pack purchases, a plan
 * subscription and its cancel, generations, a refunded charge, a promotion that expires, a
 * refunded pack payment — and every analytics figure computed here by hand (the working is in
 * the comments) compared with what `/v1/analytics/*` answers, on SQLite and PostgreSQL.
 * Definitions: docs/analytics.md.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { DAY_MS } from '../../src/domain/calendar.ts';
import { cents, credits } from '../../src/domain/credits.ts';
import { buildApp } from '../../src/http/app.ts';
import type { PaymentCommand } from '../../src/payments/commands.ts';
import { forEachDatabase } from '../support/each-database.ts';
import {
  addCustomer,
  createHarness,
  expectOk,
  type Harness,
  START,
  TENANT,
} from '../support/engine-harness.ts';
import { createTestCatalog } from '../support/test-catalog.ts';

// START is 2025-01-10 12:00 UTC; day n is START + n days.
const at = (day: number) => START + day * DAY_MS;
const RANGE = 'from=2025-01-10&to=2025-02-08';

forEachDatabase((db) => {
  describe.each([
    { fold: false, name: 'read raw' },
    { fold: true, name: 'folded daily' },
  ])('analytics over a scripted month ($name)', ({ fold }) => {
    let h: Harness;
    let app: FastifyInstance;
    let key: string;
    beforeAll(async () => {
      // The free plan without free generations, so every generation costs credits.
      const plans = createTestCatalog().plans.map((p) =>
        p.id === 'free' ? { ...p, freeGenerationsPerMonth: null } : p,
      );
      h = await createHarness(db.makeStore, { plans });
      app = buildApp({
        engine: h.engine,
        store: h.store,
        config: readConfig({}),
        now: h.now,
        onUndeclaredError: (route, code) => {
          throw new Error(`${route.url} answered undeclared ${code}`);
        },
      });
      key = expectOk(await h.engine.createTenantKey(TENANT, 'analytics test')).secretKey;
      await script(h, fold);
    });
    afterAll(async () => {
      await app?.close();
      await h?.store.close();
    });

    async function read(route: string, query = RANGE) {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/analytics/${route}?${query}`,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    }

    it('usage: generations, credits and cost by model and category', async () => {
      const usage = await read('usage', `${RANGE}&granularity=month`);
      // c1: chat ×3 (2 credits, $0.005 each) and image ×1 (5, $0.02); c2: image ×2; c1 later chat ×7.
      // chat: 10 generations, 20 credits, 10 × 5000 = 50000 µ$; image: 3, 15, 3 × 20000 = 60000.
      expect(usage.totals).toEqual({
        generations: 13,
        credits: 35,
        provider_cost_micros: 110000,
        unknown_cost_generations: 0,
      });
      expect(usage.by_category).toEqual([
        {
          category: 'image',
          figures: { generations: 3, credits: 15, provider_cost_micros: 60000, unknown_cost_generations: 0 },
        },
        {
          category: 'text',
          figures: { generations: 10, credits: 20, provider_cost_micros: 50000, unknown_cost_generations: 0 },
        },
      ]);
      // January's period holds everything but the 7 late chats (5 February).
      expect(usage.periods).toEqual([
        {
          period: '2025-01-10',
          model: 'chat',
          figures: { generations: 3, credits: 6, provider_cost_micros: 15000, unknown_cost_generations: 0 },
        },
        {
          period: '2025-01-10',
          model: 'image',
          figures: { generations: 3, credits: 15, provider_cost_micros: 60000, unknown_cost_generations: 0 },
        },
        {
          period: '2025-02-01',
          model: 'chat',
          figures: { generations: 7, credits: 14, provider_cost_micros: 35000, unknown_cost_generations: 0 },
        },
      ]);
      const images = await read('usage', `${RANGE}&model=image`);
      expect(images.totals.generations).toBe(3);
      const text = await read('usage', `${RANGE}&category=text`);
      expect(text.totals.credits).toBe(20);
    });

    it('credits: issued by source, burned, expired, clawed back and outstanding', async () => {
      const c = await read('credits', `${RANGE}&granularity=month`);
      // Welcome 10 × 3 customers; packs 100 + 500; the Pro allowance 100; a promotion of 20;
      // the refunded chat's 2 credits back.
      expect(c.totals).toEqual({
        issued: { purchase: 600, plan: 100, promotional: 20, reward: 30, refund: 2, adjustment: 0 },
        issued_total: 752,
        burned: 35,
        expired: 110, // the promotion's 20, and on cancel the 90 Pro credits c2 had left
        clawed_back: 500,
        adjusted_down: 0,
      });
      // End of January: 752 − 21 burned − 110 expired − 500 clawed back = 121.
      // Paid lots (a cost basis): c1's small pack 100 − 1 (the image after the welcome 10) = 99;
      // free: c1 welcome 2 (the refunded chat), c2 10, c3 10 = 22.
      expect(c.periods[0]).toMatchObject({
        period: '2025-01-10',
        burned: 21,
        expired: 110,
        outstanding: { paid: 99, free: 22, total: 121 },
      });
      // February: 14 more burned, c1's welcome 2 first, then 12 paid.
      expect(c.periods[1]).toMatchObject({
        period: '2025-02-01',
        burned: 14,
        outstanding: { paid: 87, free: 20, total: 107 },
      });
      const remaining = await h.store.raw.query<{ n: unknown }>(
        'SELECT SUM(remaining) AS n FROM lots WHERE tenant_id = ?',
        [TENANT],
      );
      expect(Number(remaining[0]?.n)).toBe(107);
    });

    it('revenue: packs, plans, refunds and disputes from the Stripe events', async () => {
      const r = await read('revenue', `${RANGE}&granularity=month`);
      // Small pack $5, big pack $20 (refunded in full), Pro invoice $25.
      expect(r.totals).toEqual({
        packs_cents: 2500,
        plans_cents: 2500,
        refunds_cents: 2000,
        disputes_cents: 0,
        net_cents: 3000,
      });
      expect(r.by_item).toEqual([
        {
          kind: 'pack',
          item: 'big',
          packs_cents: 2000,
          plans_cents: 0,
          refunds_cents: 2000,
          disputes_cents: 0,
          net_cents: 0,
        },
        {
          kind: 'pack',
          item: 'small',
          packs_cents: 500,
          plans_cents: 0,
          refunds_cents: 0,
          disputes_cents: 0,
          net_cents: 500,
        },
        {
          kind: 'plan',
          item: 'pro',
          packs_cents: 0,
          plans_cents: 2500,
          refunds_cents: 0,
          disputes_cents: 0,
          net_cents: 2500,
        },
      ]);
      expect(r.periods[1]).toMatchObject({ period: '2025-02-01', net_cents: 0 });
    });

    it('margins: credit value against provider cost', async () => {
      const m = await read('margins');
      // One credit = 10000 µ$. chat: 20 credits = 200000 against 50000 → 150000, 75.00 %;
      // image: 15 = 150000 against 60000 → 90000, 60.00 %; all: 350000 − 110000 = 240000, 68.57 %.
      expect(m.credit_value_micros).toBe(10000);
      expect(m.by_model).toEqual([
        {
          model: 'chat',
          credits_burned: 20,
          credit_value_micros: 200000,
          provider_cost_micros: 50000,
          margin_micros: 150000,
          margin_bp: 7500,
        },
        {
          model: 'image',
          credits_burned: 15,
          credit_value_micros: 150000,
          provider_cost_micros: 60000,
          margin_micros: 90000,
          margin_bp: 6000,
        },
      ]);
      expect(m.totals).toMatchObject({ margin_micros: 240000, margin_bp: 6857 });
      // Every customer is on the free plan now (c2 cancelled).
      expect(m.by_plan).toEqual([{ plan: 'free', ...m.totals }]);
    });

    it('conversion: customers by plan, moves, free-to-paid, first purchases', async () => {
      const c = await read('conversion', `${RANGE}&granularity=month`);
      expect(c.periods[0]).toEqual({
        period: '2025-01-10',
        customers_by_plan: { free: 3 },
        customers: 3,
        upgrades: 1, // c2 free → pro
        downgrades: 0,
        cancels: 1, // c2 pro → free
        switches: 0,
        free_to_paid: 2, // c1 (small pack), c2 (Pro invoice)
        convertible: 3,
        conversion_rate_bp: 6667,
        first_purchases: 1, // c1's small pack
        active_customers: 2,
        paying_customers: 2,
      });
      expect(c.periods[1]).toEqual({
        period: '2025-02-01',
        customers_by_plan: { free: 3 },
        customers: 3,
        upgrades: 0,
        downgrades: 0,
        cancels: 0,
        switches: 0,
        free_to_paid: 0,
        convertible: 1, // c3, who never paid
        conversion_rate_bp: 0,
        first_purchases: 0,
        active_customers: 1,
        paying_customers: 0,
      });
      // Mid-month c2 was on Pro: weeks show it.
      const weeks = await read('conversion', 'from=2025-01-13&to=2025-01-26&granularity=week');
      expect(weeks.periods.map((p: { customers_by_plan: unknown }) => p.customers_by_plan)).toEqual([
        { free: 2, pro: 1 },
        { free: 2, pro: 1 },
      ]);
    });

    it('projections: burn rate and credits needed to the period end', async () => {
      const p = await read('projections', `${RANGE}&granularity=month`);
      // Last 7 days (2 to 8 February): 14 burned → 2 a day; 20 days from 9 February to 1 March.
      expect(p).toMatchObject({
        burn_window_days: 7,
        burned_in_window: 14,
        burn_rate_per_day: 2,
        period_end: Date.UTC(2025, 2, 1),
        days_to_period_end: 20,
        credits_needed: 40,
        outstanding: 107,
        runway_days: 53, // 107 / 2, rounded down
      });
    });

    it('refuses a bad range, naming the field', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/v1/analytics/usage?from=2025-02-01&to=2025-01-01',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', param: 'from' });
      const bad = await app.inject({
        method: 'GET',
        url: '/v1/analytics/usage?granularity=year',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(bad.json().error.param).toBe('granularity');
    });
  });
});

/**
 * Runs the month; with `fold`, the analytics fold runs after every step of the clock, so the
 * answers come from the rollups for folded days (with plan moves refiled) and raw for the rest.
 */
async function script(h: Harness, fold: boolean): Promise<void> {
  const advance = async (ms: number) => {
    h.advance(ms);
    if (fold) await h.engine.foldAnalytics();
  };
  const apply = async (command: PaymentCommand) =>
    expectOk(await h.engine.applyPaymentCommand(TENANT, command));
  const charge = async (customerId: string, modelId: string) =>
    expectOk(
      await h.engine.charge({ tenantId: TENANT, customerId, modelId, params: {}, idempotencyKey: h.key() }),
    );
  const base = (id: string) => ({ eventId: `evt_${id}`, occurredAt: h.now() });
  // Day 0: three customers on the free plan, 10 welcome credits each.
  for (const id of ['c1', 'c2', 'c3']) await addCustomer(h, id);
  await advance(DAY_MS); // day 1: c1 buys the small pack.
  await apply({
    ...base('small'),
    kind: 'grant_purchase',
    paymentRef: 'pi_small',
    checkoutSessionId: 'cs_small',
    customerId: 'c1',
    stripeCustomerId: 'cus_1',
    packId: 'small',
    credits: credits(100),
    costBasisCents: cents(500),
    currency: 'usd',
  });
  await advance(DAY_MS); // day 2: c1 generates.
  const first = await charge('c1', 'chat');
  await charge('c1', 'chat');
  await charge('c1', 'chat');
  await charge('c1', 'image');
  await advance(DAY_MS); // day 3: c2 subscribes to Pro.
  await apply({
    ...base('pro'),
    kind: 'start_subscription',
    invoiceId: 'in_pro',
    subscriptionId: 'sub_pro',
    customerId: 'c2',
    stripeCustomerId: 'cus_2',
    planId: 'pro',
    credits: credits(100),
    periodStart: h.now(),
    periodEnd: h.now() + 30 * DAY_MS,
    paymentRef: 'pi_pro',
    amountPaidCents: cents(2500),
  });
  await advance(2 * DAY_MS); // day 5: c2 generates.
  await charge('c2', 'image');
  await charge('c2', 'image');
  await advance(3 * DAY_MS); // day 8: c1's first chat is refunded.
  expectOk(await h.engine.refund({ tenantId: TENANT, chargeId: first.chargeId, idempotencyKey: h.key() }));
  await advance(DAY_MS); // day 9: a promotion for c3 that ends on day 12.
  expectOk(
    await h.engine.grant({
      tenantId: TENANT,
      customerId: 'c3',
      credits: 20,
      source: 'promotional',
      expiresAt: at(12),
      idempotencyKey: h.key(),
    }),
  );
  await advance(4 * DAY_MS); // day 13: it expires unused.
  await h.engine.sweepExpired();
  await advance(2 * DAY_MS); // day 15: c1 buys the big pack ...
  await apply({
    ...base('big'),
    kind: 'grant_purchase',
    paymentRef: 'pi_big',
    checkoutSessionId: 'cs_big',
    customerId: 'c1',
    stripeCustomerId: 'cus_1',
    packId: 'big',
    credits: credits(500),
    costBasisCents: cents(2000),
    currency: 'usd',
  });
  await advance(DAY_MS); // day 16: ... and is refunded in full: its 500 unspent credits are clawed back.
  await apply({
    ...base('big_refund'),
    kind: 'claw_back',
    paymentRef: 'pi_big',
    chargeId: 'ch_big',
    reason: 'refund',
    amountCents: cents(2000),
    reversedCents: cents(2000),
  });
  await advance(4 * DAY_MS); // day 20 (30 January): c2 cancels Pro.
  await apply({
    ...base('cancel'),
    kind: 'cancel_plan',
    subscriptionId: 'sub_pro',
    customerId: 'c2',
    stripeCustomerId: 'cus_2',
    previousPlanId: 'pro',
    downgradeToPlanId: 'free',
    endedAt: h.now(),
  });
  await advance(6 * DAY_MS); // day 26 (5 February): c1 chats seven times.
  for (let i = 0; i < 7; i++) await charge('c1', 'chat');
  if (fold) await h.engine.foldAnalytics();
}
