/**
 * Migration 221, in SQL both SQLite and PostgreSQL accept (issue 17 item 3, budgets for agent
 * runs): a hold may draw from a parent hold (`parent_hold_id`) instead of from lots. Every hold
 * keeps the credits it was placed with (`placed_credits`; NULL for holds placed before), and a
 * parent keeps what its open children reserve (`children_held`) and what its children charged
 * (`children_charged`), so `verify` can check a tree never spends more than its parent reserved.
 */
export const HOLD_BUDGETS_SCHEMA_SQL = `
ALTER TABLE holds ADD COLUMN parent_hold_id TEXT;
ALTER TABLE holds ADD COLUMN placed_credits BIGINT;
ALTER TABLE holds ADD COLUMN children_held BIGINT NOT NULL DEFAULT 0;
ALTER TABLE holds ADD COLUMN children_charged BIGINT NOT NULL DEFAULT 0;
CREATE INDEX holds_parent ON holds (tenant_id, parent_hold_id) WHERE parent_hold_id IS NOT NULL;
`;
