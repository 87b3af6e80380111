/**
 * Migration 120, in SQL both SQLite and PostgreSQL accept: a tenant secret key may carry a name
 * (`ci deploy`, `backend eu`), so an operator listing keys before revoking one can tell them apart.
 */
export const TENANT_KEY_NAMES_SCHEMA_SQL = `
ALTER TABLE tenant_keys ADD COLUMN name TEXT;
`;
