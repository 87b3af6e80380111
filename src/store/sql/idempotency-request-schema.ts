/**
 * Migration 170, in SQL both SQLite and PostgreSQL accept: an idempotency record keeps the
 * request it answered (canonical JSON), so a key reused with a different request can say what
 * differs. Rows written before it have none, and their conflicts say only that the request differs.
 */
export const IDEMPOTENCY_REQUEST_SCHEMA_SQL = `
ALTER TABLE idempotency_keys ADD COLUMN request TEXT;
`;
