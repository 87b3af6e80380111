/**
 * Migration 222 (issue 14 item 5): daily rollups for the operator analytics, kept by a
 * background fold (src/engine/analytics/fold.ts), never by authorize, commit or any other
 * money path. Every row is a sum over one UTC day (`day` = epoch ms / 86,400,000) of one tenant:
 * - `analytics_usage_daily`: generations, credits, known provider cost and generations of
 *   unknown cost, by model, category and the customer's plan (as of the fold's plan mark);
 * - `analytics_credits_daily`: credits into and out of lots, by journal kind, lot source and
 *   paid (a cost basis) or free — the same sums the raw journal query answers;
 * - `analytics_customers_daily` / `analytics_plan_moves_daily`: customers created on their
 *   first plan and moves between plans, so the customers on each plan at a period's end are a
 *   cumulative sum, not a scan of every customer;
 * - `analytics_active_daily`: the customers active on a day, by the day of their previous
 *   generation (-1 for none), so the distinct customers of any range are a sum too;
 * - `analytics_fold_marks`: per tenant, the folded days (`folded_before`, a UTC midnight: rows
 *   created before it are in the rollups) and the plan mark (`plans_at`: the plans usage is
 *   filed under are those in force then). The fold advances it in the transaction that writes
 *   the sums, and updates it first, so two folders of one tenant queue on its row.
 * The customer search's prefix ranges get byte-ordered indexes (see the dialect lists).
 */
export const ANALYTICS_ROLLUP_SCHEMA_SQL = `
CREATE TABLE analytics_fold_marks (tenant_id TEXT NOT NULL PRIMARY KEY, folded_before BIGINT NOT NULL,
  plans_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE analytics_usage_daily (tenant_id TEXT NOT NULL, day BIGINT NOT NULL, model_id TEXT NOT NULL,
  category TEXT NOT NULL, plan_id TEXT NOT NULL, generations BIGINT NOT NULL, credits BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL, unknown_cost BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, day, model_id, category, plan_id));
CREATE TABLE analytics_credits_daily (tenant_id TEXT NOT NULL, day BIGINT NOT NULL, kind TEXT NOT NULL,
  source TEXT NOT NULL, paid BIGINT NOT NULL, gained BIGINT NOT NULL, lost BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, day, kind, source, paid));
CREATE TABLE analytics_customers_daily (tenant_id TEXT NOT NULL, day BIGINT NOT NULL, plan_id TEXT NOT NULL,
  created BIGINT NOT NULL, PRIMARY KEY (tenant_id, day, plan_id));
CREATE TABLE analytics_plan_moves_daily (tenant_id TEXT NOT NULL, day BIGINT NOT NULL, from_plan TEXT NOT NULL,
  to_plan TEXT NOT NULL, moves BIGINT NOT NULL, PRIMARY KEY (tenant_id, day, from_plan, to_plan));
CREATE TABLE analytics_active_daily (tenant_id TEXT NOT NULL, day BIGINT NOT NULL, prev_day BIGINT NOT NULL,
  customers BIGINT NOT NULL, PRIMARY KEY (tenant_id, day, prev_day));
CREATE INDEX plan_changes_customer ON plan_changes (tenant_id, customer_id, changed_at);
`;

/** SQLite: text compares byte by byte, so plain indexes serve the search's prefix ranges. */
export const CUSTOMER_SEARCH_INDEXES_SQLITE = `
CREATE INDEX customers_email_prefix ON customers (tenant_id, lower(email));
CREATE INDEX customers_id_prefix ON customers (tenant_id, id);
`;

/** PostgreSQL: the prefix ranges compare in byte order (`COLLATE "C"`) whatever the database's collation. */
export const CUSTOMER_SEARCH_INDEXES_POSTGRES = `
CREATE INDEX customers_email_prefix ON customers (tenant_id, (lower(email) COLLATE "C"));
CREATE INDEX customers_id_prefix ON customers (tenant_id, id COLLATE "C");
`;
