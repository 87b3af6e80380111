/**
 * Settling a customer, decided without writing it (`decideSettlement`): the holds past expiry
 * released (their credits and their quota), the lots past expiry ended, and the grants due by
 * now (a free plan's new calendar period with its rollover, the daily credit) credited as lots,
 * each repaying an overdraft first. The plan names the steps a write applies
 * (`engine/open-customer.ts`) and the customer they leave; a quote, which writes nothing,
 * decides on that customer (`projectSettlement`), so it sees what the authorize right after it
 * would see.
 */
import type { Catalog, Plan } from './catalog.ts';
import { type Credits, credits } from './credits.ts';
import {
  type Allocation,
  isLotLive,
  type LotView,
  orderLotsForConsumption,
  sumLiveRemaining,
} from './lots.ts';
import { findQuotaLimit, giveBackQuota, type QuotaState } from './quota.ts';
import { splitRollover } from './rollover.ts';

/** A lot as settling sees it. */
export interface SettlingLot extends LotView {
  readonly source: string;
}

/** An active hold past its expiry, as settling releases it. */
export interface ExpiredHold {
  readonly credits: Credits;
  readonly parentHoldId?: string | null;
  /** On a parent: Σ credits its active children reserve (they are released with it). */
  readonly childrenHeld?: Credits;
  /** Credits captured from it: a used hold keeps its quota. */
  readonly captured?: Credits;
  readonly quotaTakes: readonly { readonly key: string; readonly count: number; readonly month: string }[];
}

/** Grants due by now and not yet claimed (`findDueGrants` less what was already claimed). */
export interface DueGrantsToApply {
  /** A new calendar period on the plan: its allowance lot's expiry, and that it was not started before. */
  readonly period: { readonly lotExpiresAt: number } | null;
  /** The daily credit: its credits and expiry. */
  readonly daily: { readonly credits: Credits; readonly expiresAt: number | null } | null;
}

export interface UnsettledCustomer {
  readonly now: number;
  readonly catalog: Catalog;
  readonly plan: Plan;
  readonly held: Credits;
  /** Every open lot (the expired ones included). */
  readonly lots: readonly SettlingLot[];
  readonly expiredHolds: readonly ExpiredHold[];
  /** Active holds as stored (the expired ones still counted). */
  readonly activeHolds: { readonly count: number; readonly maxExpiresAt: number };
  readonly quotas: ReadonlyMap<string, QuotaState>;
  readonly due: DueGrantsToApply;
}

export interface SettledCustomer {
  readonly held: Credits;
  readonly lots: readonly SettlingLot[];
  readonly activeHolds: { readonly count: number; readonly maxExpiresAt: number };
  readonly quotas: ReadonlyMap<string, QuotaState>;
}

/** The steps a settling write applies, in this order, and the customer they leave. */
export interface SettlementPlan {
  /** Lots past expiry with credits left: each ends (its credits go to `expired`). */
  readonly expireLots: readonly (Allocation & { readonly source: string })[];
  /** A new calendar period: its allowance lot, and the last period's plan lots ended or carried. */
  readonly period: {
    readonly allowance: Credits;
    readonly lotExpiresAt: number;
    readonly toEnd: readonly Allocation[];
    readonly toCarry: readonly Allocation[];
  } | null;
  /** The daily credit to grant. */
  readonly daily: DueGrantsToApply['daily'];
  readonly settled: SettledCustomer;
}

/** Credits held that releasing the expired holds frees: a child's go back to its parent, not the customer. */
function sumReleased(holds: readonly ExpiredHold[]): number {
  let sum = 0;
  for (const h of holds) if ((h.parentHoldId ?? null) === null) sum += h.credits + (h.childrenHeld ?? 0);
  return sum;
}

function giveBack(
  quotas: ReadonlyMap<string, QuotaState>,
  plan: Plan,
  holds: readonly ExpiredHold[],
  now: number,
) {
  const next = new Map(quotas);
  for (const hold of holds) {
    if ((hold.captured ?? 0) !== 0) continue;
    for (const take of hold.quotaTakes) {
      const limit = findQuotaLimit(plan, take.key);
      const current = next.get(take.key);
      if (limit === null || current === undefined) continue;
      next.set(take.key, giveBackQuota(current, limit, take.count, take.month, now));
    }
  }
  return next;
}

/** Adds a lot; what an overdraft owes is repaid from it first (its credits move to the overdraft lot). */
function creditLot(lots: SettlingLot[], lot: SettlingLot): void {
  const overdraft = lots.find((l) => l.source === 'overdraft' && l.remaining < 0);
  const repaid = overdraft === undefined ? 0 : Math.min(lot.remaining, -overdraft.remaining);
  lots.push({ ...lot, remaining: credits(lot.remaining - repaid) });
  if (overdraft !== undefined && repaid > 0)
    lots.splice(lots.indexOf(overdraft), 1, {
      ...overdraft,
      remaining: credits(overdraft.remaining + repaid),
    });
}

function takeFrom(lots: SettlingLot[], lotId: string, amount: number): void {
  const i = lots.findIndex((l) => l.id === lotId);
  const lot = lots[i];
  if (lot !== undefined) lots[i] = { ...lot, remaining: credits(lot.remaining - amount) };
}

/** Decides how to settle a customer (see the file's comment); nothing is written. */
export function decideSettlement(input: UnsettledCustomer): SettlementPlan {
  const { now, catalog, plan } = input;
  const held = credits(input.held - sumReleased(input.expiredHolds));
  const expireLots = input.lots
    .filter((l) => !isLotLive(l, now) && l.remaining > 0)
    .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((l) => ({ lotId: l.id, credits: l.remaining, source: l.source }));
  const lots: SettlingLot[] = input.lots.filter((l) => isLotLive(l, now));
  let n = 0;
  const newLot = (source: string, remaining: number, priority: number, expiresAt: number | null) => ({
    id: `settling:${n++}`,
    source,
    remaining: credits(remaining),
    priority,
    expiresAt,
    createdAt: now,
  });
  const due = input.due.period;
  let period: SettlementPlan['period'] = null;
  if (due !== null) {
    const previous = orderLotsForConsumption(
      lots.filter((l) => l.source === 'plan'),
      now,
    );
    const allowance = credits(Math.max(0, plan.monthlyCredits));
    if (allowance > 0)
      creditLot(lots, newLot('plan', allowance, catalog.lotPriorities.plan, due.lotExpiresAt));
    const available = sumLiveRemaining(lots, now) - held;
    const { toEnd, toCarry } = splitRollover(previous, plan.rolloverCap, available);
    for (const a of toEnd) takeFrom(lots, a.lotId, a.credits);
    for (const a of toCarry) {
      takeFrom(lots, a.lotId, a.credits);
      creditLot(lots, newLot('plan', a.credits, catalog.lotPriorities.plan, due.lotExpiresAt));
    }
    period = { allowance, lotExpiresAt: due.lotExpiresAt, toEnd, toCarry };
  }
  const daily = input.due.daily;
  if (daily !== null)
    creditLot(lots, newLot('reward:daily', daily.credits, catalog.lotPriorities.reward, daily.expiresAt));
  const settled = {
    held,
    lots,
    activeHolds: {
      count: Math.max(0, input.activeHolds.count - input.expiredHolds.length),
      maxExpiresAt: input.activeHolds.maxExpiresAt,
    },
    quotas: giveBack(input.quotas, plan, input.expiredHolds, now),
  };
  return { expireLots, period, daily, settled };
}

/** The customer a settling write would leave: `decideSettlement`'s, without the steps. */
export function projectSettlement(input: UnsettledCustomer): SettledCustomer {
  return decideSettlement(input).settled;
}
