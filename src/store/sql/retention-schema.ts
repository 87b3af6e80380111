/**
 * Migration 110, in SQL both SQLite and PostgreSQL accept: indexes that let the retention pass
 * (issue 11, item 9) find the oldest prunable rows without scanning: finished webhook
 * deliveries and fanned-out outbox rows by age, ended holds by end time, idempotency keys by age.
 */
export const RETENTION_SCHEMA_SQL = `
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (created_at) WHERE status <> 'pending';
CREATE INDEX outbox_fanned_out ON outbox (created_at) WHERE delivered_at IS NOT NULL;
CREATE INDEX holds_ended ON holds (ended_at) WHERE status <> 'active';
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
`;
