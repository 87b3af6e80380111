/**
 * Migration 150, in SQL both SQLite and PostgreSQL accept: usage rollups leave the hot path.
 * A commit or a refund appends one `usage_deltas` row of its own (no row shared by customers
 * is written); a background step folds the deltas into `usage_daily` and deletes them in one
 * transaction. Reads add the deltas not yet folded, so figures never lag. `usage_daily`
 * gains the model's category (empty on rows written before this migration).
 */
export const USAGE_ROLLUP_SCHEMA_SQL = `
CREATE TABLE usage_deltas (tenant_id TEXT NOT NULL, id TEXT NOT NULL, day TEXT NOT NULL, model_id TEXT NOT NULL,
  category TEXT NOT NULL, generations BIGINT NOT NULL, credits BIGINT NOT NULL, provider_cost_micros BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id));
ALTER TABLE usage_daily ADD COLUMN category TEXT NOT NULL DEFAULT '';
`;
