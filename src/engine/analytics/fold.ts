/**
 * The analytics fold (issue 14 item 5), a background step like the usage roll-up: adds each
 * tenant's whole UTC days into the daily rollups of migration 222, one day per transaction
 * with the mark that says how far it got, so a crash rolls back both and the next pass picks
 * the day up again. A day is folded once it ended `FOLD_GRACE_MS` ago, so every row dated in
 * it has committed (rows are dated by the clock of the transaction that writes them). Before
 * folding, the plan moves since the last plan mark refile the moved customers' folded usage
 * under their plan at the new mark. Two folders of one tenant queue on its mark row; the
 * second finds the day done. Nothing here runs on authorize, commit or any money path.
 */
import { DAY_MS } from '../../domain/calendar.ts';
import type { StoreTx } from '../../store/store.ts';
import type { EngineContext } from '../context.ts';

/** How long after a day ends it is folded: far longer than any transaction runs. */
export const FOLD_GRACE_MS = 15 * 60_000;
/** Days one pass folds per tenant, so a first fold of a long history is spread over passes. */
const DAYS_PER_PASS = 60;

export interface FoldOptions {
  /** Days to fold per tenant in this call (default 60). */
  readonly maxDays?: number;
  /** Only this tenant (default: every tenant). */
  readonly tenantId?: string;
}

/** Refiles the folded usage of customers whose plan changed in [from, to), then answers nothing. */
async function refileMoves(tx: StoreTx, tenantId: string, from: number, to: number, foldedBefore: number) {
  const moves = await tx.analyticsFold.planMoves(tenantId, from, to);
  const span = new Map<string, { filed: string; now: string }>();
  for (const m of moves) {
    const seen = span.get(m.customerId);
    span.set(m.customerId, { filed: seen?.filed ?? m.fromPlan, now: m.toPlan });
  }
  for (const [customerId, { filed, now }] of span)
    if (filed !== now) await tx.analyticsFold.refileUsage(tenantId, customerId, filed, now, foldedBefore);
}

/** Folds the tenant's next day, if one is due; answers whether a day was folded. */
export async function foldTenantDay(ctx: EngineContext, tenantId: string): Promise<boolean> {
  const now = ctx.now();
  const cutoff = now - FOLD_GRACE_MS;
  const due = Math.floor(cutoff / DAY_MS) * DAY_MS;
  return ctx.store.write({ tenantId }, async (tx) => {
    const mark = await tx.analyticsFold.takeMark(tenantId, now);
    let foldedBefore = mark.foldedBefore;
    if (foldedBefore === 0) {
      const first = await tx.analyticsFold.firstActivity(tenantId);
      foldedBefore = first === null ? due : Math.min(due, Math.floor(first / DAY_MS) * DAY_MS);
    }
    const plansAt = Math.max(mark.plansAt, cutoff);
    if (mark.foldedBefore > 0 && plansAt > mark.plansAt)
      await refileMoves(tx, tenantId, mark.plansAt, plansAt, mark.foldedBefore);
    const folding = foldedBefore < due;
    if (folding) await tx.analyticsFold.foldDays(tenantId, foldedBefore, foldedBefore + DAY_MS, plansAt);
    await tx.analyticsFold.advanceMark(
      tenantId,
      { foldedBefore: folding ? foldedBefore + DAY_MS : foldedBefore, plansAt },
      now,
    );
    return folding;
  });
}

/** Folds every due day (up to `maxDays` per tenant); answers how many days were folded. */
export async function foldAnalytics(ctx: EngineContext, options: FoldOptions = {}): Promise<number> {
  const tenants =
    options.tenantId === undefined
      ? (await ctx.store.read((tx) => tx.tenants.list())).map((t) => t.id)
      : [options.tenantId];
  const maxDays = options.maxDays ?? DAYS_PER_PASS;
  let folded = 0;
  for (const tenantId of tenants) {
    for (let n = 0; n < maxDays; n++) {
      if (!(await foldTenantDay(ctx, tenantId))) break;
      folded += 1;
    }
  }
  return folded;
}
