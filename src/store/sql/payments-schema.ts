/**
 * Tables for payments (Stripe in), in SQL both SQLite and PostgreSQL accept, appended by each
 * dialect's migration list as the same version:
 * - `stripe_events`: every Stripe event applied, with its outcome (idempotency per event id);
 *   `needs_attention` marks money that moved but could not be attributed, for operators.
 * - `payment_objects`: payment objects already applied (idempotency per payment object).
 * - `payment_refs`: one row per payment a lot was granted for or a claw-back named. Grants and
 *   claw-backs of one payment lock this row, so they serialize; it counts what claw-backs took.
 * - `deferred_clawbacks`: refunds and disputes that arrived before their grant.
 * - `subscriptions`: each Stripe subscription's customer, plan, status, the time of the last
 *   plan change applied (older `customer.subscription.*` events are stale) and the start of the
 *   last period paid (an older invoice arriving late is stale).
 * - `stripe_customers`: the Stripe customer made at a customer's first checkout, reused later.
 * - `lots_ref`: finds the lot a claw-back undoes by its payment reference.
 */
export const PAYMENTS_SCHEMA_SQL = `
CREATE TABLE stripe_events (tenant_id TEXT NOT NULL, event_id TEXT NOT NULL, kind TEXT NOT NULL, customer_id TEXT,
  outcome TEXT NOT NULL, needs_attention BIGINT NOT NULL DEFAULT 0, occurred_at BIGINT NOT NULL, processed_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, event_id));
CREATE INDEX stripe_events_attention ON stripe_events (tenant_id, processed_at) WHERE needs_attention <> 0;
CREATE TABLE payment_objects (tenant_id TEXT NOT NULL, object_key TEXT NOT NULL, event_id TEXT NOT NULL,
  created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, object_key));
CREATE TABLE payment_refs (tenant_id TEXT NOT NULL, payment_ref TEXT NOT NULL, clawed_back BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, payment_ref));
CREATE TABLE deferred_clawbacks (tenant_id TEXT NOT NULL, payment_ref TEXT NOT NULL, event_id TEXT NOT NULL,
  command TEXT NOT NULL, created_at BIGINT NOT NULL, applied_at BIGINT, PRIMARY KEY (tenant_id, payment_ref, event_id));
CREATE TABLE subscriptions (tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, plan_id TEXT NOT NULL,
  status TEXT NOT NULL, cancel_at_period_end BIGINT NOT NULL DEFAULT 0, last_change_at BIGINT, period_start BIGINT,
  updated_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE INDEX subscriptions_customer ON subscriptions (tenant_id, customer_id);
CREATE TABLE stripe_customers (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, stripe_customer_id TEXT NOT NULL,
  updated_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, customer_id));
CREATE INDEX lots_ref ON lots (tenant_id, ref);
`;
