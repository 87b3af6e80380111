/** SQL for offline TEST MODE checkouts (migration 190). */
import { readInt, type SqlDriver } from '../driver.ts';
import type { TestCheckoutRow } from '../types.ts';

const COLUMNS =
  'id, tenant_id, customer_id, item, success_url, cancel_url, secret, request_key, created_at, expires_at, paid_at';

function readRow(r: Record<string, unknown>): TestCheckoutRow {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    customerId: String(r.customer_id),
    item: String(r.item),
    successUrl: String(r.success_url),
    cancelUrl: String(r.cancel_url),
    secret: String(r.secret),
    requestKey: String(r.request_key),
    createdAt: readInt(r.created_at, 'created_at'),
    expiresAt: readInt(r.expires_at, 'expires_at'),
    paidAt: r.paid_at === null || r.paid_at === undefined ? null : readInt(r.paid_at, 'paid_at'),
  };
}

/** Test checkout queries bound to one connection or transaction. */
export function createTestCheckoutQueries(db: SqlDriver) {
  return {
    /** Records a checkout; false when one with the same request key exists already. */
    async insert(row: TestCheckoutRow): Promise<boolean> {
      const { changes } = await db.run(
        `INSERT INTO test_checkouts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          row.id,
          row.tenantId,
          row.customerId,
          row.item,
          row.successUrl,
          row.cancelUrl,
          row.secret,
          row.requestKey,
          row.createdAt,
          row.expiresAt,
          row.paidAt,
        ],
      );
      return changes === 1;
    },

    async get(id: string): Promise<TestCheckoutRow | null> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM test_checkouts WHERE id = ?`, [id]);
      return rows[0] === undefined ? null : readRow(rows[0]);
    },

    async findByRequest(requestKey: string): Promise<TestCheckoutRow | null> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM test_checkouts WHERE request_key = ?`, [
        requestKey,
      ]);
      return rows[0] === undefined ? null : readRow(rows[0]);
    },

    /** Notes the first payment; a second keeps the first time. */
    async markPaid(id: string, at: number): Promise<void> {
      await db.run('UPDATE test_checkouts SET paid_at = ? WHERE id = ? AND paid_at IS NULL', [at, id]);
    },

    async deleteOne(id: string): Promise<void> {
      await db.run('DELETE FROM test_checkouts WHERE id = ?', [id]);
    },

    /** Forgets up to `limit` checkouts that expired before `before`; answers how many. */
    async deleteExpired(before: number, limit: number): Promise<number> {
      const { changes } = await db.run(
        'DELETE FROM test_checkouts WHERE id IN (SELECT id FROM test_checkouts WHERE expires_at <= ? LIMIT ?)',
        [before, limit],
      );
      return changes;
    },
  };
}
