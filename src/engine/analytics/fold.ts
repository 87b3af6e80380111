/**
 * The analytics fold (issue 14 item 5), a background step like the usage roll-up: adds each
 * tenant's usage events, journal, new customers and plan moves into the daily rollups of
 * migration 222 up to a mark on a whole UTC hour, one step per transaction with the mark that
 * says how far it got, so a crash rolls back both and the next pass picks the step up again.
 * An hour is folded once it ended `FOLD_GRACE_MS` ago, so every row dated in it has committed
 * (rows are dated by the clock of the transaction that writes them); the routes then read at
 * most the last hour or so from the source tables. A step is the rest of the mark's day up to
 * the due hour, or whole days (`daysPerStep` of them while catching up on a history). Before
 * folding, the plan moves since the last plan mark refile the moved customers' folded usage
 * under their plan at the new mark. Two folders of one tenant queue on its mark row; the
 * second finds the step done. Nothing here runs on authorize, commit or any money path.
 */
import { DAY_MS } from '../../domain/calendar.ts';
import type { StoreTx } from '../../store/store.ts';
import type { EngineContext } from '../context.ts';

/** How long after an hour ends it is folded: far longer than any transaction runs. */
export const FOLD_GRACE_MS = 15 * 60_000;
/** The fold mark's grain: the rollups hold every hour that ended `FOLD_GRACE_MS` ago. */
export const FOLD_HOUR_MS = 3_600_000;
/** Steps one pass folds per tenant, so a first fold of a long history is spread over passes. */
const STEPS_PER_PASS = 60;

export interface FoldOptions {
  /** Steps to fold per tenant in this call (default 60). */
  readonly maxSteps?: number;
  /**
   * Whole days one step (one transaction) may fold when catching up (default 1): more makes a
   * first fold of a long history set-based (each join built once per step, not per day) at
   * the price of longer transactions.
   */
  readonly daysPerStep?: number;
  /** Only this tenant (default: every tenant). */
  readonly tenantId?: string;
}

/** The span the next step folds from the mark: the rest of its day, or whole days, up to `due`. */
export function nextFoldSpan(
  foldedBefore: number,
  due: number,
  daysPerStep: number,
): { from: number; to: number } {
  const dayStart = Math.floor(foldedBefore / DAY_MS) * DAY_MS;
  const wholeDays = Math.floor(due / DAY_MS) * DAY_MS;
  if (dayStart === foldedBefore && wholeDays > foldedBefore)
    return { from: foldedBefore, to: Math.min(wholeDays, foldedBefore + Math.max(1, daysPerStep) * DAY_MS) };
  return { from: foldedBefore, to: Math.min(dayStart + DAY_MS, due) };
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

/** Folds the tenant's next step, if one is due; answers whether one was folded. */
export async function foldTenantStep(
  ctx: EngineContext,
  tenantId: string,
  daysPerStep = 1,
): Promise<boolean> {
  const now = ctx.now();
  const cutoff = now - FOLD_GRACE_MS;
  const due = Math.floor(cutoff / FOLD_HOUR_MS) * FOLD_HOUR_MS;
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
    const span = nextFoldSpan(foldedBefore, due, daysPerStep);
    const folding = span.from < span.to;
    if (folding) await tx.analyticsFold.foldDays(tenantId, span.from, span.to, plansAt);
    await tx.analyticsFold.advanceMark(
      tenantId,
      { foldedBefore: folding ? span.to : foldedBefore, plansAt },
      now,
    );
    return folding;
  });
}

/** Folds every due step (up to `maxSteps` per tenant); answers how many steps were folded. */
export async function foldAnalytics(ctx: EngineContext, options: FoldOptions = {}): Promise<number> {
  const tenants =
    options.tenantId === undefined
      ? (await ctx.store.read((tx) => tx.tenants.list())).map((t) => t.id)
      : [options.tenantId];
  const maxSteps = options.maxSteps ?? STEPS_PER_PASS;
  let folded = 0;
  for (const tenantId of tenants) {
    for (let n = 0; n < maxSteps; n++) {
      if (!(await foldTenantStep(ctx, tenantId, options.daysPerStep))) break;
      folded += 1;
    }
  }
  return folded;
}
