/**
 * The usage roll-up step, run in the background (never on authorize, commit, charge or
 * grant): folds pending usage deltas into `usage_daily` and deletes them in one transaction.
 * A crash rolls the whole pass back, so nothing is folded twice or lost; on PostgreSQL
 * parallel steps lock the deltas they take and skip the others', and their upserts are
 * made in one key order so two steps never deadlock.
 */
import type { UsageDeltaRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';

const PASS_LIMIT = 5_000;

type DailyKey = Omit<UsageDeltaRow, 'id'>;

/** Sums deltas per (tenant, day, model); a non-empty category wins over a refund's empty one. */
export function sumDeltas(rows: readonly UsageDeltaRow[]): DailyKey[] {
  const sums = new Map<string, DailyKey>();
  for (const r of rows) {
    const key = `${r.tenantId}\u0000${r.day}\u0000${r.modelId}`;
    const seen = sums.get(key);
    sums.set(key, {
      tenantId: r.tenantId,
      day: r.day,
      modelId: r.modelId,
      category: seen?.category || r.category,
      generations: (seen?.generations ?? 0) + r.generations,
      credits: (seen?.credits ?? 0) + r.credits,
      providerCostMicros: (seen?.providerCostMicros ?? 0) + r.providerCostMicros,
      unknownCostGenerations: (seen?.unknownCostGenerations ?? 0) + r.unknownCostGenerations,
    });
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** Folds one batch of deltas; answers how many it folded (0 when none were pending). */
export async function rollUpUsageOnce(ctx: EngineContext, limit = PASS_LIMIT): Promise<number> {
  return ctx.store.write({ tenantId: '*' }, async (tx) => {
    const rows = await tx.usage.takeDeltas(limit);
    for (const sum of sumDeltas(rows)) await tx.usage.addDaily(sum);
    const byTenant = new Map<string, string[]>();
    for (const r of rows) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r.id]);
    for (const [tenantId, ids] of byTenant) {
      for (let i = 0; i < ids.length; i += 500) await tx.usage.deleteDeltas(tenantId, ids.slice(i, i + 500));
    }
    return rows.length;
  });
}

/** Folds every pending delta, batch by batch; answers how many it folded. */
export async function rollUpUsage(ctx: EngineContext, limit = PASS_LIMIT): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await rollUpUsageOnce(ctx, limit);
    total += folded;
    if (folded < limit) return total;
  }
}
