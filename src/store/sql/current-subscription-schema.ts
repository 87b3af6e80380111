/**
 * Migration 130, in SQL both SQLite and PostgreSQL accept: each customer's CURRENT plan
 * subscription, the only one whose events change the customer's plan and allowance (issue 12.1).
 * `allowance_credits` is the allowance level granted for the current period (the plan's monthly
 * credits, raised by an upgrade), so an upgrade grants only what the period has not had yet.
 * Existing rows: the active subscription on the customer's own plan becomes current, its level
 * unknown (null: the plan's monthly credits).
 */
export const CURRENT_SUBSCRIPTION_SCHEMA_SQL = `
CREATE TABLE current_subscriptions (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, subscription_id TEXT NOT NULL,
  started_at BIGINT NOT NULL, allowance_credits BIGINT, updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, customer_id));
INSERT INTO current_subscriptions (tenant_id, customer_id, subscription_id, started_at, allowance_credits, updated_at)
  SELECT s.tenant_id, s.customer_id, MAX(s.id), MIN(COALESCE(s.period_start, s.updated_at)), NULL, MAX(s.updated_at)
  FROM subscriptions s JOIN customers c ON c.tenant_id = s.tenant_id AND c.id = s.customer_id AND c.plan_id = s.plan_id
  WHERE s.status = 'active' GROUP BY s.tenant_id, s.customer_id;
`;
