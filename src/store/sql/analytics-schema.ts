/**
 * Migration 214, in SQL both SQLite and PostgreSQL accept (issue 14 item 1): what the operator
 * analytics need that no table kept.
 * - `payment_amounts`: the money of each applied Stripe event, in cents — a pack bought, a plan
 *   invoice paid, a refund or dispute (the increase of the payment's reversed amount) — with
 *   the pack or plan it was for. Written in the event's own transaction, never on a hot path.
 * - `plan_changes`: every move of a customer from one plan to another, with its time, written
 *   by the statement that changes `customers.plan_id`.
 * - `customers_created` and `customers_email`: the customer list's newest-first pages and its
 *   email-prefix search; `usage_events_time` and `journal_transactions_time`: the analytics'
 *   range scans (one more index entry per commit, no rollup row written on the hot path).
 */
export const ANALYTICS_SCHEMA_SQL = `
CREATE TABLE payment_amounts (tenant_id TEXT NOT NULL, event_id TEXT NOT NULL, customer_id TEXT, payment_ref TEXT,
  kind TEXT NOT NULL, item TEXT NOT NULL, amount_cents BIGINT NOT NULL, occurred_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, event_id));
CREATE INDEX payment_amounts_time ON payment_amounts (tenant_id, occurred_at);
CREATE INDEX payment_amounts_ref ON payment_amounts (tenant_id, payment_ref);
CREATE TABLE plan_changes (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, changed_at BIGINT NOT NULL,
  from_plan TEXT NOT NULL, to_plan TEXT NOT NULL, PRIMARY KEY (tenant_id, customer_id, changed_at, to_plan));
CREATE INDEX plan_changes_time ON plan_changes (tenant_id, changed_at);
CREATE INDEX customers_created ON customers (tenant_id, created_at, id);
CREATE INDEX customers_email ON customers (tenant_id, email);
CREATE INDEX usage_events_time ON usage_events (tenant_id, created_at);
CREATE INDEX journal_transactions_time ON journal_transactions (tenant_id, created_at);
`;
