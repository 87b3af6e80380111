/**
 * First payments (migration 223, issue 14 item 5): each customer's first pack or plan payment
 * and first pack payment, and the histogram of customers by those days that the conversion
 * figures read. `record` runs in the transaction that records a payment's amount, which holds
 * the customer's lock, so reading the customer's row and moving it is not raced.
 */
import { readInt, type SqlDriver } from '../driver.ts';

const DAY = 86_400_000;

/** Customers on a UTC day (days since the epoch). */
export interface FirstPaymentDay {
  readonly day: number;
  readonly count: number;
}

/** First-payment queries bound to one transaction or connection. */
export function createFirstPaymentQueries(db: SqlDriver) {
  async function bump(tenantId: string, kind: 'paid' | 'pack', at: number, by: number) {
    await db.run(
      `INSERT INTO analytics_first_payments_daily (tenant_id, kind, day, customers) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, kind, day) DO UPDATE SET customers = analytics_first_payments_daily.customers + excluded.customers`,
      [tenantId, kind, Math.floor(at / DAY), by],
    );
  }

  return {
    /** Takes a new pack or plan payment of a customer at `at` into their first payments and the histogram. */
    async record(tenantId: string, customerId: string, kind: 'pack' | 'plan', at: number): Promise<void> {
      const rows = await db.query(
        'SELECT first_paid_at, first_pack_at FROM customer_first_payments WHERE tenant_id = ? AND customer_id = ?',
        [tenantId, customerId],
      );
      const row = rows[0];
      const paid = row === undefined ? null : readInt(row.first_paid_at, 'first_paid_at');
      const pack =
        row === undefined || row.first_pack_at === null ? null : readInt(row.first_pack_at, 'first_pack_at');
      const nextPaid = paid === null ? at : Math.min(paid, at);
      const nextPack = kind !== 'pack' ? pack : pack === null ? at : Math.min(pack, at);
      if (nextPaid === paid && nextPack === pack) return;
      await db.run(
        `INSERT INTO customer_first_payments (tenant_id, customer_id, first_paid_at, first_pack_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (tenant_id, customer_id) DO UPDATE SET first_paid_at = excluded.first_paid_at, first_pack_at = excluded.first_pack_at`,
        [tenantId, customerId, nextPaid, nextPack],
      );
      const bumps: { kind: 'paid' | 'pack'; at: number; by: number }[] = [];
      for (const [k, before, after] of [
        ['paid', paid, nextPaid],
        ['pack', pack, nextPack],
      ] as const) {
        if (before === after || after === null) continue;
        if (before !== null) bumps.push({ kind: k, at: before, by: -1 });
        bumps.push({ kind: k, at: after, by: 1 });
      }
      // Histogram rows are shared by the tenant's customers: taken in one order, so two payments
      // moving first payments between the same days cannot deadlock on PostgreSQL.
      bumps.sort((x, y) => (x.kind === y.kind ? x.at - y.at : x.kind < y.kind ? -1 : 1));
      for (const b of bumps) await bump(tenantId, b.kind, b.at, b.by);
    },

    /**
     * Customers by the UTC day of their first payment before `to` (`paid`: of a pack or a plan;
     * `pack`: of a pack), days that start before `to`.
     */
    async days(tenantId: string, to: number): Promise<{ paid: FirstPaymentDay[]; pack: FirstPaymentDay[] }> {
      const rows = await db.query(
        'SELECT kind, day, customers FROM analytics_first_payments_daily WHERE tenant_id = ? AND day < ? AND customers <> 0',
        [tenantId, Math.ceil(to / DAY)],
      );
      const out = { paid: [] as FirstPaymentDay[], pack: [] as FirstPaymentDay[] };
      for (const r of rows)
        out[String(r.kind) === 'pack' ? 'pack' : 'paid'].push({
          day: readInt(r.day, 'day'),
          count: readInt(r.customers, 'customers'),
        });
      return out;
    },
  };
}
