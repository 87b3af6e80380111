/** SQL for holds: credits reserved for one generation; a hold leaves `active` exactly once. */
import { credits } from '../../domain/credits.ts';
import type { PlanEntitlements } from '../../domain/entitlements.ts';
import type { HoldStatus } from '../../domain/holds.ts';
import {
  readInt,
  readIntOrNull,
  readJson,
  readTextOrNull,
  type SqlDriver,
  type SqlValue,
} from '../driver.ts';
import type { HoldRow, QuotaTake } from '../types.ts';
import { ReadAhead } from './read-ahead.ts';

const COLUMNS =
  'tenant_id, id, customer_id, model_id, params, credits, quote, catalog_version, status, expires_at, quota_takes, charge_id, created_at, ended_at, job_id, metadata, entitlements, api_key_id, captured, parent_hold_id, placed_credits, children_held, children_charged';

const readJsonOrNull = <T>(value: unknown, name: string): T | null =>
  value === null || value === undefined ? null : readJson<T>(value, name);

const nullableCredits = (n: number | null) => (n === null ? null : credits(n));

function toHold(r: Record<string, unknown>): HoldRow {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    customerId: String(r.customer_id),
    modelId: String(r.model_id),
    params: readJson<Record<string, unknown>>(r.params, 'params'),
    credits: credits(readInt(r.credits, 'credits')),
    quote: readJson<Record<string, unknown>>(r.quote, 'quote'),
    catalogVersion: String(r.catalog_version),
    status: String(r.status) as HoldStatus,
    expiresAt: readInt(r.expires_at, 'expires_at'),
    quotaTakes: readJson<QuotaTake[]>(r.quota_takes, 'quota_takes'),
    chargeId: readTextOrNull(r.charge_id),
    createdAt: readInt(r.created_at, 'created_at'),
    endedAt: readIntOrNull(r.ended_at, 'ended_at'),
    jobId: readTextOrNull(r.job_id),
    metadata: readJsonOrNull<Record<string, string>>(r.metadata, 'metadata'),
    entitlements: readJsonOrNull<PlanEntitlements>(r.entitlements, 'entitlements'),
    apiKeyId: readTextOrNull(r.api_key_id),
    captured: credits(readIntOrNull(r.captured, 'captured') ?? 0),
    parentHoldId: readTextOrNull(r.parent_hold_id),
    placedCredits: nullableCredits(readIntOrNull(r.placed_credits, 'placed_credits')),
    childrenHeld: credits(readIntOrNull(r.children_held, 'children_held') ?? 0),
    childrenCharged: credits(readIntOrNull(r.children_charged, 'children_charged') ?? 0),
  };
}

/** Hold queries bound to one connection or transaction. */
export function createHoldQueries(db: SqlDriver, ahead: ReadAhead = new ReadAhead()) {
  const aheadKey = (tenantId: string, id: string) => `hold\u0000${tenantId}\u0000${id}`;
  async function read(tenantId: string, id: string): Promise<HoldRow | null> {
    const rows = await db.query(`SELECT ${COLUMNS} FROM holds WHERE tenant_id = ? AND id = ?`, [
      tenantId,
      id,
    ]);
    return rows[0] === undefined ? null : toHold(rows[0]);
  }
  return {
    /**
     * Inserts a hold; false (and nothing written) when its job id already names another hold
     * of the tenant: a change count, never a caught unique violation, which would abort a
     * PostgreSQL transaction.
     */
    async insert(h: HoldRow): Promise<boolean> {
      const { changes } = await db.run(
        `INSERT INTO holds (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          h.tenantId,
          h.id,
          h.customerId,
          h.modelId,
          JSON.stringify(h.params),
          h.credits,
          JSON.stringify(h.quote),
          h.catalogVersion,
          h.status,
          h.expiresAt,
          JSON.stringify(h.quotaTakes),
          h.chargeId,
          h.createdAt,
          h.endedAt,
          h.jobId ?? null,
          h.metadata == null ? null : JSON.stringify(h.metadata),
          h.entitlements == null ? null : JSON.stringify(h.entitlements),
          h.apiKeyId ?? null,
          h.captured ?? 0,
          h.parentHoldId ?? null,
          h.placedCredits ?? null,
          h.childrenHeld ?? 0,
          h.childrenCharged ?? 0,
        ],
      );
      return changes === 1;
    },

    /** A page of holds, newest first, before `beforeId` (a cursor), filtered as asked. */
    async list(filter: {
      tenantId: string;
      customerId?: string;
      /** Active means not yet past expiry at `now`; expired includes active holds past it. */
      status?: HoldStatus;
      now: number;
      jobId?: string;
      parentHoldId?: string;
      beforeId?: string;
      limit: number;
    }): Promise<HoldRow[]> {
      const where = ['tenant_id = ?'];
      const args: SqlValue[] = [filter.tenantId];
      const add = (sql: string, value: SqlValue) => {
        where.push(sql);
        args.push(value);
      };
      if (filter.customerId !== undefined) add('customer_id = ?', filter.customerId);
      if (filter.status === 'active') add("status = 'active' AND expires_at > ?", filter.now);
      else if (filter.status === 'expired')
        add("(status = 'expired' OR (status = 'active' AND expires_at <= ?))", filter.now);
      else if (filter.status !== undefined) add('status = ?', filter.status);
      if (filter.jobId !== undefined) add('job_id = ?', filter.jobId);
      if (filter.parentHoldId !== undefined) add('parent_hold_id = ?', filter.parentHoldId);
      if (filter.beforeId !== undefined) add('id < ?', filter.beforeId);
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM holds WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
        [...args, filter.limit],
      );
      return rows.map(toHold);
    },

    async get(tenantId: string, id: string): Promise<HoldRow | null> {
      const found = ahead.take<HoldRow | null>(aheadKey(tenantId, id));
      return found !== undefined ? found : read(tenantId, id);
    },

    /** Reads a hold ahead of need, for the next `get` of it (the store's scope lock). */
    async readAhead(tenantId: string, id: string): Promise<void> {
      ahead.remember(aheadKey(tenantId, id), await read(tenantId, id));
    },

    /** The tenant's hold for a provider's job id (unique per tenant since migration 218). */
    async getByJob(tenantId: string, jobId: string): Promise<HoldRow | null> {
      const rows = await db.query(`SELECT ${COLUMNS} FROM holds WHERE tenant_id = ? AND job_id = ?`, [
        tenantId,
        jobId,
      ]);
      return rows[0] === undefined ? null : toHold(rows[0]);
    },

    /** Moves an active hold's expiry; false if it was not active. */
    async extend(tenantId: string, id: string, expiresAt: number): Promise<boolean> {
      const { changes } = await db.run(
        "UPDATE holds SET expires_at = ? WHERE tenant_id = ? AND id = ? AND status = 'active'",
        [expiresAt, tenantId, id],
      );
      return changes === 1;
    },

    /**
     * Records a partial capture on an active hold: its credits shrink by `released` and
     * `captured` grows by `charged`. False if it was not active.
     */
    async capture(tenantId: string, id: string, released: number, charged: number): Promise<boolean> {
      const { changes } = await db.run(
        "UPDATE holds SET credits = credits - ?, captured = captured + ? WHERE tenant_id = ? AND id = ? AND status = 'active' AND credits >= ?",
        [released, charged, tenantId, id, released],
      );
      return changes === 1;
    },

    /**
     * Moves a parent's budget figures (issue 17 item 3): its own credits (what no child took),
     * what its open children reserve and what its children charged. False, and nothing
     * written, if the parent is not active or its credits would go below zero.
     */
    async adjustBudget(
      tenantId: string,
      id: string,
      delta: { readonly credits: number; readonly childrenHeld: number; readonly childrenCharged: number },
    ): Promise<boolean> {
      const { changes } = await db.run(
        "UPDATE holds SET credits = credits + ?, children_held = children_held + ?, children_charged = children_charged + ? WHERE tenant_id = ? AND id = ? AND status = 'active' AND credits + ? >= 0",
        [delta.credits, delta.childrenHeld, delta.childrenCharged, tenantId, id, delta.credits],
      );
      return changes === 1;
    },

    /** A parent's active children, oldest first (ending a parent ends them). */
    async listActiveChildren(tenantId: string, parentId: string): Promise<HoldRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM holds WHERE tenant_id = ? AND parent_hold_id = ? AND status = 'active' ORDER BY id`,
        [tenantId, parentId],
      );
      return rows.map(toHold);
    },

    /** Every hold that is or was a parent, with its children's figures summed (verify). */
    async listTrees(): Promise<
      {
        parent: HoldRow;
        children: number;
        activeChildrenHeld: number;
        childrenCharged: number;
        problems: string[];
      }[]
    > {
      const parents = (
        await db.query(
          `SELECT ${COLUMNS} FROM holds p WHERE EXISTS (SELECT 1 FROM holds c WHERE c.tenant_id = p.tenant_id AND c.parent_hold_id = p.id) ORDER BY tenant_id, id`,
        )
      ).map(toHold);
      const out = [];
      for (const parent of parents) {
        const children = (
          await db.query(`SELECT ${COLUMNS} FROM holds WHERE tenant_id = ? AND parent_hold_id = ?`, [
            parent.tenantId,
            parent.id,
          ])
        ).map(toHold);
        const charged = await db.query(
          'SELECT COALESCE(SUM(credits), 0) AS charged FROM charges WHERE tenant_id = ? AND hold_id IN (SELECT id FROM holds WHERE tenant_id = ? AND parent_hold_id = ?)',
          [parent.tenantId, parent.tenantId, parent.id],
        );
        const problems: string[] = [];
        for (const c of children) {
          if (c.customerId !== parent.customerId)
            problems.push(`child ${c.id} belongs to customer ${c.customerId}, not ${parent.customerId}`);
          if (c.expiresAt > parent.expiresAt) problems.push(`child ${c.id} outlives its parent`);
          if (c.status === 'active' && parent.status !== 'active')
            problems.push(`child ${c.id} is active under a ${parent.status} parent`);
        }
        out.push({
          parent,
          children: children.length,
          activeChildrenHeld: children
            .filter((c) => c.status === 'active')
            .reduce((s, c) => s + c.credits, 0),
          childrenCharged: readInt(charged[0]?.charged ?? 0, 'charged'),
          problems,
        });
      }
      return out;
    },

    /**
     * Active children whose parent hold does not exist in their tenant (verify; retention may
     * prune the holds of an ended tree, never a child of an active parent).
     */
    async listOrphans(): Promise<{ tenantId: string; id: string; parentHoldId: string }[]> {
      const rows = await db.query(
        "SELECT tenant_id, id, parent_hold_id FROM holds c WHERE parent_hold_id IS NOT NULL AND status = 'active' AND NOT EXISTS (SELECT 1 FROM holds p WHERE p.tenant_id = c.tenant_id AND p.id = c.parent_hold_id)",
      );
      return rows.map((r) => ({
        tenantId: String(r.tenant_id),
        id: String(r.id),
        parentHoldId: String(r.parent_hold_id),
      }));
    },

    /** Ends an active hold; false if it was not active (someone else ended it first). */
    async end(
      tenantId: string,
      id: string,
      status: Exclude<HoldStatus, 'active'>,
      at: number,
      chargeId: string | null,
    ) {
      const { changes } = await db.run(
        "UPDATE holds SET status = ?, ended_at = ?, charge_id = ? WHERE tenant_id = ? AND id = ? AND status = 'active'",
        [status, at, chargeId, tenantId, id],
      );
      return changes === 1;
    },

    async listActive(tenantId: string, customerId: string): Promise<HoldRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM holds WHERE tenant_id = ? AND customer_id = ? AND status = 'active' ORDER BY id`,
        [tenantId, customerId],
      );
      return rows.map(toHold);
    },

    /** One customer's active holds past their expiry (through `holds_customer_expiry`). */
    async listExpiredActive(tenantId: string, customerId: string, now: number): Promise<HoldRow[]> {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM holds WHERE tenant_id = ? AND customer_id = ? AND status = 'active' AND expires_at <= ? ORDER BY expires_at, id`,
        [tenantId, customerId, now],
      );
      return rows.map(toHold);
    },

    /**
     * The latest expiry among a customer's active holds (0 without any) and how many they have,
     * counted up to `cap`, in one statement whose cost is bounded by `cap`, not by history.
     */
    async describeActive(
      tenantId: string,
      customerId: string,
      cap: number,
    ): Promise<{ maxExpiresAt: number; count: number }> {
      const rows = await db.query(
        `SELECT (SELECT MAX(expires_at) FROM holds WHERE tenant_id = ? AND customer_id = ? AND status = 'active') AS max_expires_at,
                (SELECT COUNT(*) FROM (SELECT 1 FROM holds WHERE tenant_id = ? AND customer_id = ? AND status = 'active' LIMIT ?) capped) AS n`,
        [tenantId, customerId, tenantId, customerId, cap],
      );
      const r = rows[0] ?? {};
      return {
        maxExpiresAt: readIntOrNull(r.max_expires_at, 'max_expires_at') ?? 0,
        count: readInt(r.n ?? 0, 'n'),
      };
    },

    /** Active holds past their expiry, oldest first (the sweep's work list). */
    async listExpired(
      now: number,
      limit: number,
    ): Promise<{ tenantId: string; id: string; customerId: string }[]> {
      const rows = await db.query(
        "SELECT tenant_id, id, customer_id FROM holds WHERE status = 'active' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
        [now, limit],
      );
      return rows.map((r) => ({
        tenantId: String(r.tenant_id),
        id: String(r.id),
        customerId: String(r.customer_id),
      }));
    },

    /** Σ credits of active holds per customer, every tenant (verify). */
    async sumActiveByCustomer(): Promise<{ tenantId: string; customerId: string; held: number }[]> {
      const rows = await db.query(
        "SELECT tenant_id, customer_id, SUM(credits) AS held FROM holds WHERE status = 'active' GROUP BY tenant_id, customer_id",
      );
      return rows.map((r) => ({
        tenantId: String(r.tenant_id),
        customerId: String(r.customer_id),
        held: readInt(r.held, 'held'),
      }));
    },
  };
}

export type HoldQueries = ReturnType<typeof createHoldQueries>;
