/**
 * Tables for outgoing webhooks (issue 6, item 5), in SQL both SQLite and PostgreSQL accept, so
 * each dialect's migration list appends this same text as version 4:
 * - `webhook_endpoints`: a tenant's endpoints. The `whsec_` secret is kept in plain text because
 *   every attempt is signed with it (HMAC needs the secret itself, a hash would not do).
 *   `event_types` is a JSON array of subscribed types, NULL for all.
 * - `webhook_deliveries`: one row per (outbox event, endpoint), the unit that is retried and
 *   replayed. `attempts` counts every attempt (it numbers the log); `round_attempts` counts those
 *   since the delivery was queued or last replayed and drives the backoff. A sender claims a row
 *   by setting `lease_id`/`lease_until` with a conditional UPDATE, so two processes never send
 *   the same delivery at the same moment.
 * - `webhook_attempts`: the delivery log, one row per attempt.
 */
export const WEBHOOKS_SCHEMA_SQL = `
CREATE TABLE webhook_endpoints (tenant_id TEXT NOT NULL, id TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
  description TEXT, event_types TEXT, created_at BIGINT NOT NULL, disabled_at BIGINT, PRIMARY KEY (tenant_id, id));
CREATE TABLE webhook_deliveries (tenant_id TEXT NOT NULL, id TEXT NOT NULL, event_id TEXT NOT NULL, endpoint_id TEXT NOT NULL,
  status TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, round_attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL, lease_id TEXT, lease_until BIGINT, delivered_at BIGINT, created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id));
CREATE UNIQUE INDEX webhook_deliveries_event_endpoint ON webhook_deliveries (tenant_id, event_id, endpoint_id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (tenant_id, endpoint_id, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE TABLE webhook_attempts (tenant_id TEXT NOT NULL, id TEXT NOT NULL, delivery_id TEXT NOT NULL, attempt BIGINT NOT NULL,
  attempted_at BIGINT NOT NULL, status_code BIGINT, duration_ms BIGINT NOT NULL, error TEXT, response_snippet TEXT,
  outcome TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (tenant_id, delivery_id, id);
`;
