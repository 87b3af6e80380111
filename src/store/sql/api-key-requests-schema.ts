/**
 * Migration 111, in SQL both SQLite and PostgreSQL accept: the requests a customer API key had
 * admitted in the last minute, one row each, so its per-minute limit is a sliding window (at most
 * N in any 60 seconds, no double burst at a minute's edge; issue 11, item 9). Rows older than a
 * minute are deleted by the next request of the same key; a key keeps at most N rows.
 * `api_key_windows` stays: its row is what concurrent requests of one key serialize on.
 */
export const API_KEY_REQUESTS_SCHEMA_SQL = `
CREATE TABLE api_key_requests (tenant_id TEXT NOT NULL, key_id TEXT NOT NULL, id TEXT NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, key_id, id));
CREATE INDEX api_key_requests_at ON api_key_requests (tenant_id, key_id, at);
`;
