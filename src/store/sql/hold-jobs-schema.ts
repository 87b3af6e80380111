/**
 * Migration 218, in SQL both SQLite and PostgreSQL accept (issue 17 item 2): a provider's
 * `job_id` names one hold per tenant (a unique index; NULLs stay distinct on both), and a hold
 * keeps the credits captured from it so far (`captured`). Holds placed before the index that
 * share a job id keep it only on the newest one: the older ones were ambiguous to settle by job.
 */
export const HOLD_JOBS_SCHEMA_SQL = `
UPDATE holds SET job_id = NULL WHERE job_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM holds newer WHERE newer.tenant_id = holds.tenant_id AND newer.job_id = holds.job_id AND newer.id > holds.id);
DROP INDEX holds_job;
CREATE UNIQUE INDEX holds_job ON holds (tenant_id, job_id);
ALTER TABLE holds ADD COLUMN captured BIGINT NOT NULL DEFAULT 0;
`;
