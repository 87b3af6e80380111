/**
 * Migration 223 (issue 14 item 5): first payments and paying days, so the conversion figures'
 * free-to-paid, first purchases and paying customers are histogram reads, not passes over every
 * payer's payments.
 * - `customer_first_payments`: per customer, the time of their first pack or plan payment and
 *   of their first pack payment (null before one);
 * - `analytics_first_payments_daily`: customers by the UTC day (`day` = epoch ms / 86,400,000)
 *   of their first payment (`kind` 'paid': a pack or a plan) or first pack (`kind` 'pack').
 * - `analytics_paying_daily`: the customers who paid (a pack or a plan) on a day, by the day of
 *   their previous such payment (-1 for none), so the distinct paying customers of a range
 *   [S, E) are the rows with `day` in it and `prev_day` before S: a sum, as for active customers.
 * All three are kept in the transaction that records a payment's amount (a Stripe event's, under its
 * customer's lock), never on authorize or commit. Stripe events can arrive late and out of
 * order, so these are not folded behind a time mark: a late, earlier payment moves its
 * customer's first payment, and its day in the histograms, when it is recorded. Payments not
 * attributed to a customer are found through a partial index.
 * The statements after the tables fill them from `payment_amounts` (FIRST_PAYMENTS_BACKFILL_SQL).
 */
export const FIRST_PAYMENTS_BACKFILL_SQL = [
  `INSERT INTO customer_first_payments (tenant_id, customer_id, first_paid_at, first_pack_at)
   SELECT tenant_id, customer_id, MIN(occurred_at), MIN(CASE WHEN kind = 'pack' THEN occurred_at END)
   FROM payment_amounts WHERE customer_id IS NOT NULL AND kind IN ('pack', 'plan') GROUP BY tenant_id, customer_id`,
  `INSERT INTO analytics_first_payments_daily (tenant_id, kind, day, customers)
   SELECT tenant_id, 'paid', first_paid_at / 86400000, COUNT(*) FROM customer_first_payments
   GROUP BY tenant_id, first_paid_at / 86400000`,
  `INSERT INTO analytics_first_payments_daily (tenant_id, kind, day, customers)
   SELECT tenant_id, 'pack', first_pack_at / 86400000, COUNT(*) FROM customer_first_payments
   WHERE first_pack_at IS NOT NULL GROUP BY tenant_id, first_pack_at / 86400000`,
  `INSERT INTO analytics_paying_daily (tenant_id, day, prev_day, customers)
   SELECT w.tenant_id, w.day, COALESCE(w.prev, -1), COUNT(*) FROM (
     SELECT d.tenant_id, d.day, LAG(d.day) OVER (PARTITION BY d.tenant_id, d.customer_id ORDER BY d.day) AS prev
     FROM (SELECT DISTINCT tenant_id, customer_id, occurred_at / 86400000 AS day FROM payment_amounts
       WHERE customer_id IS NOT NULL AND kind IN ('pack', 'plan')) d) w
   GROUP BY w.tenant_id, w.day, COALESCE(w.prev, -1)`,
] as const;

export const FIRST_PAYMENTS_SCHEMA_SQL = `
CREATE TABLE customer_first_payments (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL,
  first_paid_at BIGINT NOT NULL, first_pack_at BIGINT, PRIMARY KEY (tenant_id, customer_id));
CREATE TABLE analytics_first_payments_daily (tenant_id TEXT NOT NULL, kind TEXT NOT NULL, day BIGINT NOT NULL,
  customers BIGINT NOT NULL, PRIMARY KEY (tenant_id, kind, day));
CREATE TABLE analytics_paying_daily (tenant_id TEXT NOT NULL, day BIGINT NOT NULL, prev_day BIGINT NOT NULL,
  customers BIGINT NOT NULL, PRIMARY KEY (tenant_id, day, prev_day));
CREATE INDEX payment_amounts_customer ON payment_amounts (tenant_id, customer_id, occurred_at);
CREATE INDEX payment_amounts_unattributed ON payment_amounts (tenant_id, occurred_at) WHERE customer_id IS NULL;
${FIRST_PAYMENTS_BACKFILL_SQL.join(';\n')};
`;
