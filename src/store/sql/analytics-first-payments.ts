/**
 * First payments and paying days (migration 223, issue 14 item 5): each customer's first pack
 * or plan payment and first pack payment, the histogram of customers by those days, and the
 * customers paying each day by their previous paying day, which the conversion figures read.
 * `record` runs in the transaction that records a payment's amount, which holds the customer's
 * lock, so reading the customer's row and moving it is not raced.
 */
import { DAY_MS as DAY } from '../../domain/calendar.ts';
import { readInt, type SqlDriver } from '../driver.ts';

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

  /** The UTC day of the customer's pack or plan payment nearest `at` before it (`before`) or from it on. */
  async function paymentDay(tenantId: string, customerId: string, at: number, before: boolean) {
    const rows = await db.query(
      `SELECT ${before ? 'MAX' : 'MIN'}(occurred_at) AS at FROM payment_amounts WHERE tenant_id = ? AND customer_id = ?
         AND kind IN ('pack', 'plan') AND occurred_at ${before ? '<' : '>='} ?`,
      [tenantId, customerId, at],
    );
    const found = rows[0]?.at;
    return found === null || found === undefined ? null : Math.floor(readInt(found, 'at') / DAY);
  }

  async function bumpPaying(tenantId: string, day: number, prevDay: number, by: number) {
    await db.run(
      `INSERT INTO analytics_paying_daily (tenant_id, day, prev_day, customers) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, day, prev_day) DO UPDATE SET customers = analytics_paying_daily.customers + excluded.customers`,
      [tenantId, day, prevDay, by],
    );
  }

  return {
    /**
     * Takes a newly recorded pack or plan payment (event `eventId`, at `at`) into the customer's
     * paying days: if it is their first payment of that day, the day counts them by their
     * previous paying day, and their next paying day (a later payment recorded before this
     * late one) now counts them by this one.
     */
    async recordPayingDay(tenantId: string, customerId: string, eventId: string, at: number): Promise<void> {
      const day = Math.floor(at / DAY);
      const sameDay = await db.query(
        `SELECT 1 AS x FROM payment_amounts WHERE tenant_id = ? AND customer_id = ? AND kind IN ('pack', 'plan')
           AND occurred_at >= ? AND occurred_at < ? AND event_id <> ? LIMIT 1`,
        [tenantId, customerId, day * DAY, (day + 1) * DAY, eventId],
      );
      if (sameDay.length > 0) return;
      const prev = (await paymentDay(tenantId, customerId, day * DAY, true)) ?? -1;
      const next = await paymentDay(tenantId, customerId, (day + 1) * DAY, false);
      const bumps = [{ day, prev, by: 1 }];
      if (next !== null) bumps.push({ day: next, prev, by: -1 }, { day: next, prev: day, by: 1 });
      // Shared rows, taken in one order (see `record`).
      bumps.sort((x, y) => x.day - y.day || x.prev - y.prev);
      for (const b of bumps) await bumpPaying(tenantId, b.day, b.prev, b.by);
    },

    /**
     * Customers who paid for a pack or a plan in [from, to) (UTC midnights), payments not
     * attributed to a customer counting as one.
     */
    async payingCustomers(tenantId: string, from: number, to: number): Promise<number> {
      const rows = await db.query(
        'SELECT SUM(customers) AS n FROM analytics_paying_daily WHERE tenant_id = ? AND day >= ? AND day < ? AND prev_day < ?',
        [tenantId, from / DAY, to / DAY, from / DAY],
      );
      const unattributed = await db.query(
        `SELECT 1 AS x FROM payment_amounts WHERE tenant_id = ? AND customer_id IS NULL AND occurred_at >= ? AND occurred_at < ?
           AND kind IN ('pack', 'plan') LIMIT 1`,
        [tenantId, from, to],
      );
      const n = rows[0]?.n;
      return (n === null || n === undefined ? 0 : readInt(n, 'n')) + unattributed.length;
    },

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
