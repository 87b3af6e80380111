/**
 * Migration 180, in SQL both SQLite and PostgreSQL accept: indexes that let authorize and
 * commit read only what their decision needs, so their cost does not grow with a customer's
 * history (issue 11 item 6): open lots in consumption order (the same expression the lot
 * queries order by), a customer's lots by expiry, and a customer's active holds by expiry.
 */
export const LEDGER_INDEXES_SCHEMA_SQL = `
CREATE INDEX lots_consumption ON lots (tenant_id, customer_id, priority, (COALESCE(expires_at, ${Number.MAX_SAFE_INTEGER})), created_at, id) WHERE remaining <> 0;
CREATE INDEX lots_customer_expiry ON lots (tenant_id, customer_id, expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
CREATE INDEX holds_customer_expiry ON holds (tenant_id, customer_id, expires_at) WHERE status = 'active';
`;
