/**
 * The expiry sweep: voids holds past their time to live and expires lots past their expiry
 * for every customer, in small batches, so nothing stays reserved or spendable forever even
 * for customers nobody reads. Customers are also settled lazily whenever they are touched.
 * Expired idempotency keys are kept a while for support and pruned by retention (retention.ts).
 */
import type { EngineContext } from './context.ts';
import { settleCustomer } from './reads.ts';
import type { SweepResult } from './types.ts';

const BATCH = 200;

/** Settles every customer with a hold or lot past expiry at the engine's `now`. */
export async function sweepExpired(ctx: EngineContext): Promise<SweepResult> {
  const now = ctx.now();
  const due = await ctx.store.read(async (tx) => ({
    holds: await tx.holds.listExpired(now, 100_000),
    lots: await tx.lots.listCustomersWithExpiredLots(now, 100_000),
  }));
  const customers = new Map<string, { tenantId: string; customerId: string }>();
  for (const h of due.holds)
    customers.set(`${h.tenantId}/${h.customerId}`, { tenantId: h.tenantId, customerId: h.customerId });
  for (const l of due.lots) customers.set(`${l.tenantId}/${l.customerId}`, l);
  const list = [...customers.values()];
  for (let i = 0; i < list.length; i += BATCH) {
    await Promise.all(list.slice(i, i + BATCH).map((c) => settleCustomer(ctx, c.tenantId, c.customerId)));
  }
  return { holdsExpired: due.holds.length, customersWithExpiredLots: due.lots.length };
}
