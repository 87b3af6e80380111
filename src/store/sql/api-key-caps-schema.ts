/**
 * Migration 200, in SQL both SQLite and PostgreSQL accept (issue 12 item 4): customer API keys
 * are principals of their own, so a key is found by its hash alone (one unique index, across
 * tenants), and a hold remembers the key it was placed with: only that key may commit or void
 * it, and its commit may not charge overage past the key's monthly cap.
 */
export const API_KEY_CAPS_SCHEMA_SQL = `
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);
ALTER TABLE holds ADD COLUMN api_key_id TEXT;
`;
