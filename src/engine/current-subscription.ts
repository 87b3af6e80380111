/**
 * One plan subscription per customer (issue 12.1): only the customer's CURRENT subscription
 * changes their plan and allowance. A subscription becomes current with its first paid
 * invoice (the later-started one wins when two overlap), or with a paid renewal when the
 * customer has none; it stops being current when it ends. Events of any other subscription
 * are recorded on that subscription and answered `stale` (a paid invoice of one also needs an
 * operator's attention: the customer pays for two). An upgrade of the current one in
 * the middle of a period grants the prorated difference (`domain/plan-upgrade.ts`).
 */
import type { Catalog, Plan } from '../domain/catalog.ts';
import { type Credits, centsToMicros, credits } from '../domain/credits.ts';
import { SystemAccount } from '../domain/journal.ts';
import { computeUpgradeGrant } from '../domain/plan-upgrade.ts';
import type { PaymentOutcome } from '../payments/ledger-port.ts';
import type { CurrentSubscriptionRow } from '../store/sql/current-subscriptions.ts';
import type { StoreTx } from '../store/store.ts';
import { PLAN_LOT_GRACE_MS } from './allowance.ts';
import type { EngineContext } from './context.ts';
import { type CustomerState, creditNewLot } from './ledger.ts';

/** `stale` when the customer's current subscription is another one; null when this one may act. */
export function findSuperseded(
  current: CurrentSubscriptionRow | null,
  subscriptionId: string,
  paid = false,
): PaymentOutcome | null {
  if (current === null || current.subscriptionId === subscriptionId) return null;
  return {
    status: 'stale',
    reason: `subscription ${subscriptionId} is not the customer's current one (${current.subscriptionId} is); the customer's plan and allowance follow that one`,
    // A paid invoice of a second subscription: the customer pays twice, an operator must look.
    ...(paid ? { needsAttention: true } : {}),
  };
}

/** Records `subscriptionId` as the customer's current subscription with its period's allowance level. */
export async function makeCurrent(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  current: CurrentSubscriptionRow | null,
  fields: { subscriptionId: string; startedAt: number; allowanceCredits: number | null },
): Promise<void> {
  const same = current !== null && current.subscriptionId === fields.subscriptionId;
  await tx.subscriptions.setCurrent({
    tenantId: state.tenantId,
    customerId: state.customer.id,
    subscriptionId: fields.subscriptionId,
    startedAt: same ? current.startedAt : fields.startedAt,
    allowanceCredits: fields.allowanceCredits,
    updatedAt: ctx.now(),
  });
}

/**
 * The current subscription moved from `from` to `to` at `at`: grants the prorated difference
 * as a plan lot ending with the period (a renewal or a cancellation ends it like the rest of
 * the allowance), and raises the period's level. Answers the credits granted.
 */
export async function grantUpgradeDifference(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  change: {
    current: CurrentSubscriptionRow;
    from: Plan | undefined;
    to: Plan;
    periodStart: number;
    periodEnd: number;
    at: number;
    ref: string;
  },
): Promise<{ lotId: string | null; credits: Credits }> {
  const grant = computeUpgradeGrant({
    level: change.current.allowanceCredits ?? change.from?.monthlyCredits ?? 0,
    toCredits: change.to.monthlyCredits,
    toPriceCents: change.to.priceCents,
    fromPriceCents: change.from?.priceCents ?? 0,
    periodStart: change.periodStart,
    periodEnd: change.periodEnd,
    at: change.at,
  });
  await makeCurrent(ctx, tx, state, change.current, {
    subscriptionId: change.current.subscriptionId,
    startedAt: change.current.startedAt,
    allowanceCredits: grant.level,
  });
  if (grant.credits <= 0) return { lotId: null, credits: credits(0) };
  const { lot } = await creditNewLot(
    ctx,
    tx,
    state,
    {
      source: 'plan',
      amount: grant.credits,
      priority: catalog.lotPriorities.plan,
      expiresAt: change.periodEnd + PLAN_LOT_GRACE_MS,
      costBasisMicros: centsToMicros(grant.costBasisCents),
      reason: `${change.to.name} upgrade (prorated)`,
      ref: change.ref,
    },
    SystemAccount.issuedPlan,
    'grant',
  );
  return { lotId: lot.id, credits: grant.credits };
}
