/**
 * Migration 191, in SQL both SQLite and PostgreSQL accept (issue 12 items 5 and 6): a hold may
 * carry the provider's `job_id` and the app's `metadata` (JSON of strings), and keeps the plan
 * entitlements it was placed under (JSON). Holds are found by job id and listed per customer.
 */
export const HOLD_LOOKUP_SCHEMA_SQL = `
ALTER TABLE holds ADD COLUMN job_id TEXT;
ALTER TABLE holds ADD COLUMN metadata TEXT;
ALTER TABLE holds ADD COLUMN entitlements TEXT;
CREATE INDEX holds_job ON holds (tenant_id, job_id);
CREATE INDEX holds_customer ON holds (tenant_id, customer_id, id);
`;
