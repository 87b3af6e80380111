/** SQL for charges: credits actually taken, with the lots that paid, refundable once in total. */
import { credits, micros } from '../../domain/credits.ts';
import type { Allocation } from '../../domain/lots.ts';
import { readInt, readJson, readTextOrNull, type SqlDriver } from '../driver.ts';
import type { ChargeRow } from '../types.ts';

const COLUMNS =
  'tenant_id, id, customer_id, hold_id, model_id, credits, refunded, allocations, provider_cost_micros, catalog_version, created_at';

function toCharge(r: Record<string, unknown>): ChargeRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    customerId: String(r.customer_id),
    holdId: readTextOrNull(r.hold_id),
    modelId: String(r.model_id),
    credits: credits(readInt(r.credits, 'credits')),
    refunded: credits(readInt(r.refunded, 'refunded')),
    allocations: readJson<Allocation[]>(r.allocations, 'allocations'),
    providerCostMicros: micros(readInt(r.provider_cost_micros, 'provider_cost_micros')),
    catalogVersion: String(r.catalog_version),
    createdAt: readInt(r.created_at, 'created_at'),
  };
}

/** Charge queries bound to one connection or transaction. */
export function createChargeQueries(db: SqlDriver) {
  return {
    async insert(c: ChargeRow): Promise<void> {
      await db.run(`INSERT INTO charges (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        c.tenantId,
        c.id,
        c.customerId,
        c.holdId,
        c.modelId,
        c.credits,
        c.refunded,
        JSON.stringify(c.allocations),
        c.providerCostMicros,
        c.catalogVersion,
        c.createdAt,
      ]);
    },

    async get(tenantId: string, id: string): Promise<ChargeRow | null> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM charges WHERE tenant_id = ? AND id = ?`, [
        tenantId,
        id,
      ]);
      return rows[0] === undefined ? null : toCharge(rows[0]);
    },

    /** Adds to the refunded total, never past the charge; false if it would overshoot. */
    async addRefunded(tenantId: string, id: string, amount: number): Promise<boolean> {
      const { changes } = await db.run(
        'UPDATE charges SET refunded = refunded + ? WHERE tenant_id = ? AND id = ? AND refunded + ? <= credits',
        [amount, tenantId, id, amount],
      );
      return changes === 1;
    },
  };
}

export type ChargeQueries = ReturnType<typeof createChargeQueries>;
