/**
 * Migration 190, in SQL both SQLite and PostgreSQL accept: offline TEST MODE checkouts live in
 * the database, so they survive a restart and any process can serve or pay one. `item` is the
 * pack or plan as JSON; `secret` is the capability the pay request must present (kept as
 * webhook secrets are: it signs nothing, but it has to be compared); `request_key` makes a
 * retried checkout request answer the same checkout; `paid_at` lets the page say "already paid".
 */
export const TEST_CHECKOUTS_SCHEMA_SQL = `
CREATE TABLE test_checkouts (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, item TEXT NOT NULL,
  success_url TEXT NOT NULL, cancel_url TEXT NOT NULL, secret TEXT NOT NULL, request_key TEXT NOT NULL,
  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, paid_at BIGINT);
CREATE UNIQUE INDEX test_checkouts_request ON test_checkouts (request_key);
CREATE INDEX test_checkouts_expiry ON test_checkouts (expires_at);
`;
