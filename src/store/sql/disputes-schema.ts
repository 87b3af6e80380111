/**
 * Migration 217, in SQL both SQLite and PostgreSQL accept (issue 17 item 4): one row per
 * Stripe dispute, so a dispute can be won as well as lost. `held` is what `dispute.created`
 * moved out of the purchase's lots into the `disputed` account and `allocations` (JSON) which
 * lots gave it, so a won dispute puts each credit back where it came from; `status` is
 * `open`, `won` or `lost`.
 */
export const DISPUTES_SCHEMA_SQL = `
CREATE TABLE payment_disputes (tenant_id TEXT NOT NULL, dispute_id TEXT NOT NULL, payment_ref TEXT NOT NULL,
  customer_id TEXT NOT NULL, held BIGINT NOT NULL, allocations TEXT NOT NULL, status TEXT NOT NULL,
  created_at BIGINT NOT NULL, closed_at BIGINT, PRIMARY KEY (tenant_id, dispute_id));
CREATE INDEX payment_disputes_customer ON payment_disputes (tenant_id, customer_id, status);
`;
