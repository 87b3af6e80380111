/**
 * Migration 223 (issue 14 item 5): first payments, so the conversion figures' free-to-paid and
 * first purchases are a histogram read, not a pass over every payer's payments.
 * - `customer_first_payments`: per customer, the time of their first pack or plan payment and
 *   of their first pack payment (null before one);
 * - `analytics_first_payments_daily`: customers by the UTC day (`day` = epoch ms / 86,400,000)
 *   of their first payment (`kind` 'paid': a pack or a plan) or first pack (`kind` 'pack').
 * Both are kept in the transaction that records a payment's amount (a Stripe event's, under its
 * customer's lock), never on authorize or commit. Stripe events can arrive late and out of
 * order, so these are not folded behind a time mark: a late, earlier payment moves its
 * customer's first payment, and its day in the histogram, when it is recorded.
 * The statements after the tables fill both from `payment_amounts` (FIRST_PAYMENTS_BACKFILL_SQL).
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
] as const;

export const FIRST_PAYMENTS_SCHEMA_SQL = `
CREATE TABLE customer_first_payments (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL,
  first_paid_at BIGINT NOT NULL, first_pack_at BIGINT, PRIMARY KEY (tenant_id, customer_id));
CREATE TABLE analytics_first_payments_daily (tenant_id TEXT NOT NULL, kind TEXT NOT NULL, day BIGINT NOT NULL,
  customers BIGINT NOT NULL, PRIMARY KEY (tenant_id, kind, day));
${FIRST_PAYMENTS_BACKFILL_SQL.join(';\n')};
`;
