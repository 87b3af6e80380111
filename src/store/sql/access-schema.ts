/**
 * Tables for access (tenant secret keys, session-signing secrets, customer API keys and their
 * request windows, each tenant's own Stripe keys), in SQL both SQLite and PostgreSQL accept, so each dialect's migration list
 * appends this same text as one version. Keys are stored only as SHA-256 hashes.
 */
export const ACCESS_SCHEMA_SQL = `
CREATE TABLE tenant_keys (tenant_id TEXT NOT NULL, id TEXT NOT NULL, key_hash TEXT NOT NULL, prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL, revoked_at BIGINT, PRIMARY KEY (tenant_id, id));
CREATE UNIQUE INDEX tenant_keys_hash ON tenant_keys (key_hash);
CREATE TABLE tenant_session_secrets (tenant_id TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE api_keys (tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, key_hash TEXT NOT NULL,
  prefix TEXT NOT NULL, name TEXT, monthly_credit_cap BIGINT, requests_per_minute INTEGER, created_at BIGINT NOT NULL,
  revoked_at BIGINT, PRIMARY KEY (tenant_id, id));
CREATE UNIQUE INDEX api_keys_hash ON api_keys (tenant_id, key_hash);
CREATE TABLE api_key_windows (tenant_id TEXT NOT NULL, key_id TEXT NOT NULL, window_start BIGINT NOT NULL,
  requests INTEGER NOT NULL, PRIMARY KEY (tenant_id, key_id));
CREATE TABLE tenant_stripe_keys (tenant_id TEXT PRIMARY KEY, stripe_secret_key TEXT, stripe_webhook_secret TEXT,
  local_webhook_secret TEXT NOT NULL, updated_at BIGINT NOT NULL);
`;
