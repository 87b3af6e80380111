/**
 * Issue 13 item 1: a quote is the authorize decision run without applying it, so the two cannot
 * disagree. For many random customer states (lots expiring before or after a hold would end,
 * holds placed and left to expire, plan quotas used up, a model the plan excludes, an
 * overdraft, the active hold cap, a daily credit and a new calendar period falling due) the
 * quote's `affordable`, `entitled` and `shortfall` must say what an authorize right after
 * answers, and the quote must write nothing (every table's rows unchanged, the money rows
 * identical). The table cases first are the states in which the quote disagreed with
 * authorize before the quote asked `decideAuthorize`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/domain/calendar.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import { credits } from '../../src/domain/credits.ts';
import type { GenerationParams } from '../../src/domain/pricing.ts';
import type { Store } from '../../src/store/store.ts';
import { addCustomer, createHarness, expectOk, type Harness, TENANT } from '../support/engine-harness.ts';
import { listTableNames } from '../support/table-names.ts';
import { createTestCatalog } from '../support/test-catalog.ts';

const MINUTE = 60_000;
const TTL_MS = 900_000; // the test catalog's hold time to live

/** The test catalog with a free plan that has a daily credit (expiring) and a monthly allowance, and a small hold cap. */
function createAgreementCatalog(): Partial<Catalog> {
  const base = createTestCatalog();
  return {
    maxActiveHolds: 4,
    plans: base.plans.map((p) =>
      p.id === 'free'
        ? { ...p, dailyCredits: credits(2), monthlyCredits: credits(20), rolloverCap: credits(5) }
        : p,
    ),
    rewards: { ...base.rewards, daily: { kind: 'daily', credits: credits(2), expiresInDays: 1 } },
  };
}

/** Every table's row count and the rows that carry money or quota state, to tell that nothing was written. */
async function snapshot(store: Store): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of await listTableNames(store)) {
    const [row] = await store.raw.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${name}`);
    out[name] = Number(row?.n);
  }
  out['customers.rows'] = await store.raw.query(
    'SELECT id, balance, held, plan_id, period_start, period_end FROM customers ORDER BY id',
  );
  out['lots.rows'] = await store.raw.query('SELECT id, remaining, expires_at FROM lots ORDER BY id');
  out['holds.rows'] = await store.raw.query('SELECT id, status, credits FROM holds ORDER BY id');
  out['quotas.rows'] = await store.raw.query('SELECT * FROM quota_state ORDER BY customer_id, quota_key');
  return JSON.parse(JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

interface Request {
  readonly modelId: string;
  readonly params: GenerationParams;
}

const REQUESTS: readonly Request[] = [
  { modelId: 'chat-free', params: {} },
  { modelId: 'chat', params: {} },
  { modelId: 'image', params: { count: 1 } },
  { modelId: 'image', params: { count: 4 } },
  { modelId: 'clip', params: { variant: 'c' } },
  { modelId: 'video', params: { variant: '5s' } },
  { modelId: 'video', params: { variant: '10s' } },
];

export function describeQuoteAgreement(name: string, makeStore: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`a quote agrees with the authorize right after it on ${name}`, () => {
    let h: Harness;
    let n = 0;
    beforeAll(async () => {
      h = await createHarness(makeStore, createAgreementCatalog());
    });
    afterAll(() => h.store.close());

    const grant = async (customerId: string, amount: number, expiresInMs: number | null) =>
      expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId,
          credits: amount,
          source: 'purchase',
          idempotencyKey: h.key(),
          ...(expiresInMs === null ? {} : { expiresAt: h.now() + expiresInMs }),
        }),
      );
    const hold = (customerId: string, r: Request, ttlSeconds?: number) =>
      h.engine.authorize({
        tenantId: TENANT,
        customerId,
        modelId: r.modelId,
        params: r.params,
        idempotencyKey: h.key(),
        ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
      });

    /** Quotes `r`, checks nothing was written, authorizes it, and checks the two agree. */
    async function expectAgreement(customerId: string, r: Request) {
      const before = await snapshot(h.store);
      const quoted = expectOk(
        await h.engine.quote({ tenantId: TENANT, customerId, modelId: r.modelId, params: r.params }),
      );
      expect(await snapshot(h.store)).toEqual(before);
      const customer = quoted.customer;
      if (customer === null) throw new Error('a quote naming a customer answers them');
      const placed = await hold(customerId, r);
      const said = {
        entitled: customer.entitled,
        affordable: customer.affordable,
        shortfall: customer.shortfall,
      };
      const context = `${customerId} ${r.modelId} ${JSON.stringify(r.params)}: quote ${JSON.stringify(customer)}, authorize ${
        placed.ok ? 'ok' : JSON.stringify(placed.error)
      }`;
      if (placed.ok) {
        expect(said, context).toEqual({ entitled: true, affordable: true, shortfall: 0 });
        return 'ok';
      }
      const { code, details } = placed.error;
      switch (code) {
        case 'not_entitled':
          expect(said, context).toMatchObject({ entitled: false, affordable: false });
          break;
        case 'insufficient_credits':
          expect(said, context).toEqual({ entitled: true, affordable: false, shortfall: details?.shortfall });
          expect(customer.available, context).toBe(quoted.quote.credits - customer.shortfall);
          break;
        case 'quota_exceeded':
        case 'too_many_holds':
          expect(said, context).toMatchObject({ entitled: true, affordable: false });
          break;
        default:
          throw new Error(`unexpected refusal: ${context}`);
      }
      return code;
    }

    // The states in which the quote, judging on its own (live lots now, the row's held, the
    // plan's categories alone), disagreed with authorize before it asked decideAuthorize.
    it('refuses, as authorize does, what lots dying before the hold ends cannot back', async () => {
      await addCustomer(h, 'expiring', 0, { planId: 'pro' });
      await grant('expiring', 40, 5 * MINUTE); // 50 with the welcome reward, 10 of them for good
      expect(await expectAgreement('expiring', { modelId: 'image', params: { count: 4 } })).toBe(
        'insufficient_credits',
      );
    });

    it('counts a hold past its expiry as released, as authorize does', async () => {
      await addCustomer(h, 'stale-hold', 0, { planId: 'pro' });
      await grant('stale-hold', 20, null);
      expectOk(await hold('stale-hold', { modelId: 'image', params: { count: 4 } }, 60));
      h.advance(2 * MINUTE);
      expect(await expectAgreement('stale-hold', { modelId: 'image', params: { count: 4 } })).toBe('ok');
    });

    it('refuses a request over a used-up plan quota, as authorize does', async () => {
      await addCustomer(h, 'quota', 0, { planId: 'pro' });
      await grant('quota', 1000, null);
      for (let i = 0; i < 3; i++)
        expectOk(await hold('quota', { modelId: 'video', params: { variant: '5s' } }));
      expect(await expectAgreement('quota', { modelId: 'video', params: { variant: '5s' } })).toBe(
        'quota_exceeded',
      );
    });

    it('says not affordable for a model the plan excludes, however rich the customer', async () => {
      await addCustomer(h, 'excluded', 500);
      expect(await expectAgreement('excluded', { modelId: 'video', params: { variant: '5s' } })).toBe(
        'not_entitled',
      );
    });

    it('counts the daily credit due today, which authorize grants first', async () => {
      // Yesterday's daily credit has died and today's is due; an overdraft of 2 covers the rest.
      await addCustomer(h, 'daily', 0, { overdraftLimit: 2 });
      const longTtl = 129_600; // a day and a half: the holds outlive the night
      let available = Number.POSITIVE_INFINITY;
      for (const r of [
        { modelId: 'image', params: { count: 4 } },
        { modelId: 'image', params: { count: 2 } },
        { modelId: 'chat', params: {} },
      ]) {
        const placed = await hold('daily', r, longTtl);
        if (placed.ok) available = placed.value.balance.available;
      }
      expect(available).toBe(0);
      h.advance(DAY_MS);
      expect(await expectAgreement('daily', { modelId: 'chat', params: {} })).toBe('ok');
    });

    it('counts a new calendar period due, with its rollover, as authorize starts it first', async () => {
      // Free plan: 10 welcome + 20 allowance + 2 daily; a hold of 20 that lapses over the month's end.
      await addCustomer(h, 'period');
      expectOk(await hold('period', { modelId: 'image', params: { count: 4 } }, 3600));
      const d = new Date(h.now());
      h.advance(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 1) - h.now());
      const quoted = expectOk(
        await h.engine.quote({
          tenantId: TENANT,
          customerId: 'period',
          modelId: 'image',
          params: { count: 4 },
        }),
      );
      // Settled: the hold released, the old allowance ended but for the rollover cap (5), a new
      // allowance (20) and today's daily credit (2), beside the welcome credits (10).
      expect(quoted.customer?.available).toBe(10 + 5 + 20 + 2);
      expect(await expectAgreement('period', { modelId: 'image', params: { count: 4 } })).toBe('ok');
      const after = expectOk(await h.engine.getCustomer(TENANT, 'period')).balance;
      expect(after.available).toBe(37 - 20);
    });

    it('agrees on random customer states, and the quote writes nothing', async () => {
      const lot = fc.record({
        credits: fc.integer({ min: 1, max: 150 }),
        expiresInMs: fc.option(fc.integer({ min: MINUTE, max: 4 * TTL_MS }), { nil: null }),
      });
      const step = fc.record({
        // Video is the request with a plan limit (3 in a burst on pro): weighted to use it up.
        request: fc.oneof(fc.constantFrom(...REQUESTS), fc.constant(REQUESTS[5] as Request)),
        ttlSeconds: fc.constantFrom(undefined, 60, 3600),
      });
      const scenario = fc.record({
        plan: fc.constantFrom('free', 'pro'),
        overdraftLimit: fc.constantFrom(0, 0, 10, 40),
        lots: fc.array(lot, { maxLength: 3 }),
        holds: fc.array(step, { maxLength: 5 }),
        advanceMs: fc.constantFrom(
          0,
          30_000,
          10 * MINUTE,
          20 * MINUTE,
          2 * 60 * MINUTE,
          13 * 60 * MINUTE,
          10 * DAY_MS,
        ),
        request: fc.constantFrom(...REQUESTS),
        /** Times the final request was already placed (how plan quotas get used up). */
        repeats: fc.integer({ min: 0, max: 3 }),
      });
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const id = `c${++n}`;
          await addCustomer(h, id, 0, { planId: s.plan, overdraftLimit: s.overdraftLimit });
          for (const l of s.lots) await grant(id, l.credits, l.expiresInMs);
          for (let i = 0; i < s.repeats; i++) await hold(id, s.request);
          for (const p of s.holds) await hold(id, p.request, p.ttlSeconds); // refusals are states too
          h.advance(s.advanceMs);
          seen.add(await expectAgreement(id, s.request));
        }),
        {
          numRuns: 100,
          endOnFailure: true,
          // A used-up daily video quota, so the coverage check below never rests on chance alone
          // (the random states reach it in only a few runs of a hundred).
          examples: [
            [
              {
                plan: 'pro',
                overdraftLimit: 0,
                lots: [{ credits: 150, expiresInMs: null }],
                holds: [],
                advanceMs: 0,
                request: REQUESTS[5] as Request,
                repeats: 3,
              },
            ],
          ],
        },
      );
      // The random states reached every answer (so the agreement was tested on each).
      for (const code of ['ok', 'insufficient_credits', 'not_entitled', 'quota_exceeded'])
        expect([...seen]).toContain(code);
    }, 240_000); // about 1,000 transactions: slow on PostgreSQL on a busy machine
  });
}
