/**
 * Issue 14 item 5: the first-payment and paying-days histograms (migration 223) kept with each
 * recorded payment answer what a pass over every payer's payments answers, on SQLite and PostgreSQL — with
 * payments recorded out of order (a late Stripe event earlier than one already recorded), a
 * replayed event, a plan payment before a pack, refunds, and an unattributed payment.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createSqliteFactory, makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';

const TENANT = 't1';
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 2, 1, 9);

/** The histogram as the old query computed it: each customer's first payments before `to`. */
async function fromPayments(store: Store, to: number) {
  const rows = await store.raw.query<{
    customer_id: string;
    first_at: number | string;
    first_pack: number | string | null;
  }>(
    `SELECT customer_id, MIN(occurred_at) AS first_at, MIN(CASE WHEN kind = 'pack' THEN occurred_at END) AS first_pack
     FROM payment_amounts WHERE tenant_id = ? AND occurred_at < ? AND customer_id IS NOT NULL AND kind IN ('pack', 'plan')
     GROUP BY customer_id`,
    [TENANT, to],
  );
  const paid = new Map<number, number>();
  const pack = new Map<number, number>();
  for (const r of rows) {
    const day = Math.floor(Number(r.first_at) / DAY);
    paid.set(day, (paid.get(day) ?? 0) + 1);
    if (r.first_pack !== null) {
      const p = Math.floor(Number(r.first_pack) / DAY);
      pack.set(p, (pack.get(p) ?? 0) + 1);
    }
  }
  const list = (m: Map<number, number>) =>
    [...m].map(([day, count]) => ({ day, count })).sort((a, b) => a.day - b.day);
  return { paid: list(paid), pack: list(pack) };
}

const sorted = (h: { paid: { day: number; count: number }[]; pack: { day: number; count: number }[] }) => ({
  paid: [...h.paid].sort((a, b) => a.day - b.day),
  pack: [...h.pack].sort((a, b) => a.day - b.day),
});

function describeFirstPayments(name: string, makeStore: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`first payments on ${name}`, () => {
    it('equal each customer’s first payments however the events arrive', async () => {
      const store = await makeStore();
      try {
        let n = 0;
        const pay = (
          customerId: string | null,
          kind: 'pack' | 'plan' | 'refund',
          at: number,
          eventId = `evt_${++n}`,
        ) =>
          store.write({ tenantId: TENANT }, (tx) =>
            tx.payments.insertAmount({
              tenantId: TENANT,
              eventId,
              customerId,
              paymentRef: `pi_${eventId}`,
              kind,
              item: kind === 'plan' ? 'pro' : 'small',
              amountCents: 500,
              occurredAt: at,
            }),
          );
        await pay('a', 'pack', T0 + 5 * DAY);
        await pay('a', 'pack', T0 + 9 * DAY);
        await pay('a', 'pack', T0 + 2 * DAY); // late: earlier than both
        await pay('a', 'plan', T0 + 5 * DAY + 3_600_000); // a second payment on one of a's paying days
        await pay('a', 'pack', T0 + 7 * DAY); // late, between two of a's paying days
        await pay('b', 'plan', T0 + DAY);
        await pay('b', 'pack', T0 + 7 * DAY); // b's first pack comes after its first payment
        await pay('b', 'plan', T0); // late plan payment: b's first payment moves, its first pack stays
        await pay('c', 'refund', T0 + 3 * DAY);
        await pay(null, 'pack', T0 + 4 * DAY);
        await pay('d', 'pack', T0 + 12 * DAY, 'evt_d');
        await pay('d', 'pack', T0 - 3 * DAY, 'evt_d'); // a replay of a recorded event changes nothing
        for (const to of [T0 + 30 * DAY, Date.UTC(2025, 2, 8)]) {
          const kept = await store.read((tx) => tx.analytics.firstPaymentDays(TENANT, to));
          expect(sorted(kept)).toEqual(await fromPayments(store, to));
        }
        // Paying customers of whole-day ranges from the paying-days histogram, as counted raw.
        const midnight = Date.UTC(2025, 2, 1);
        for (const [a, b] of [
          [-5, 30],
          [2, 7],
          [5, 13],
          [0, 1],
          [3, 4],
          [9, 10],
        ] as const) {
          const range = { tenantId: TENANT, from: midnight + a * DAY, to: midnight + b * DAY };
          const raw = await store.raw.query<{ n: number | string; u: number | string | null }>(
            `SELECT COUNT(DISTINCT customer_id) AS n, MAX(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END) AS u
             FROM payment_amounts WHERE tenant_id = ? AND occurred_at >= ? AND occurred_at < ? AND kind IN ('pack', 'plan')`,
            [TENANT, range.from, range.to],
          );
          const expected = Number(raw[0]?.n ?? 0) + Number(raw[0]?.u ?? 0);
          expect([a, b, await store.read((tx) => tx.analytics.payingCustomers(range))]).toEqual([
            a,
            b,
            expected,
          ]);
        }
        const kept = await store.read((tx) => tx.analytics.firstPaymentDays(TENANT, T0 + 30 * DAY));
        expect(kept.paid.reduce((s, d) => s + d.count, 0)).toBe(3);
        expect(kept.pack.reduce((s, d) => s + d.count, 0)).toBe(3);
      } finally {
        await store.close();
      }
    });
  });
}

const sqlite = createSqliteFactory();
afterAll(() => sqlite.cleanup());
describeFirstPayments('SQLite', sqlite.makeStore);
describeFirstPayments('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
