/**
 * Migration 192, in SQL both SQLite and PostgreSQL accept (issue 12 item 8): a generation whose
 * provider cost the catalog does not know is counted, not summed as 0, so usage can answer
 * `null` for a cost nobody knows. `unknown_cost_generations` counts such generations in a usage
 * event, a delta and a day's rollup.
 */
export const UNKNOWN_COST_SCHEMA_SQL = `
ALTER TABLE usage_events ADD COLUMN unknown_cost_generations BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_deltas ADD COLUMN unknown_cost_generations BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN unknown_cost_generations BIGINT NOT NULL DEFAULT 0;
`;
