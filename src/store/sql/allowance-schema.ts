/**
 * Migration 5, in SQL both SQLite and PostgreSQL accept (each dialect's migration list appends
 * this same text): plan periods started per customer, unique per (customer, period start,
 * plan) so an allowance is never granted twice, and two marks on the customer row that let
 * every write tell in memory whether a grant is due (the day of the last daily credit, the
 * start of the last period whose allowance was granted).
 */
export const ALLOWANCE_SCHEMA_SQL = `
ALTER TABLE customers ADD COLUMN daily_credit_day TEXT;
ALTER TABLE customers ADD COLUMN allowance_start BIGINT;
CREATE TABLE plan_periods (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, period_start BIGINT NOT NULL,
  plan_id TEXT NOT NULL, period_end BIGINT NOT NULL, ref TEXT NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, period_start, plan_id));
`;
