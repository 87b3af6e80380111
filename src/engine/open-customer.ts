/**
 * Opening a customer for a use case: `loadCustomer` locks and reads (never writes), then
 * `settleLoadedCustomer` decides what settling them takes (`decideSettlement`: holds and lots
 * past expiry, the grants due by now, the rollover of a new period), applies those steps and
 * answers the state the use case decides on. Apart from `ledger.ts` so the ledger's apply
 * step does not import the due grants, which apply through it (no import cycle).
 */
import type { Catalog } from '../domain/catalog.ts';
import { credits } from '../domain/credits.ts';
import { fail, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import { decideSettlement, type SettlementPlan } from '../domain/settlement.ts';
import type { StoreTx } from '../store/store.ts';
import type { CustomerRow, HoldRow, LotRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import { applyDueGrants, type DueGrants, findDueGrants } from './due-grants.ts';
import {
  ACTIVE_HOLDS_READ_AHEAD,
  announceExpired,
  type CustomerState,
  debitAllocations,
  endHold,
} from './ledger.ts';
import { findCustomerPlan } from './quotas.ts';
import { readDueGrants } from './settlement-view.ts';

/** What `loadCustomer` read: the locked customer and what is due on them, nothing written. */
export interface LoadedCustomer {
  readonly customer: CustomerRow;
  readonly expiredHolds: readonly HoldRow[];
  readonly expiredLots: readonly LotRow[];
  /** The open lots read (all, or the window plus one to tell whether there are more). */
  readonly lots: readonly LotRow[];
  readonly lotWindow: boolean;
  /** Read when asked (`activeHolds`): what an authorize checks against the hold cap. */
  readonly activeHolds: { maxExpiresAt: number; count: number } | null;
}

/**
 * Locks a customer and reads, without writing anything, what opening them needs: their holds
 * and lots past expiry at `now` and their open lots (all, or with `lotWindow` only the first
 * in consumption order, all an authorize or a commit needs in the common case: what it reads
 * is bounded by what the decision needs, never by the customer's history). The reads are
 * independent, so they go out together (one round trip on PostgreSQL).
 */
export async function loadCustomer(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  options: { lotWindow?: boolean; activeHolds?: boolean } = {},
): Promise<Result<LoadedCustomer>> {
  const customer = await tx.customers.lock(tenantId, customerId);
  if (customer === null) return fail('not_found', `no customer ${customerId}`, 'customer');
  const now = ctx.now();
  const lotWindow = options.lotWindow === true;
  const [expiredHolds, expiredLots, lots, activeHolds] = await Promise.all([
    customer.held > 0 ? tx.holds.listExpiredActive(tenantId, customerId, now) : [],
    tx.lots.listExpiredOpen(tenantId, customerId, now),
    lotWindow
      ? tx.lots.listOpenInOrder(tenantId, customerId, ctx.lotWindow + 1)
      : tx.lots.listOpen(tenantId, customerId),
    options.activeHolds ? tx.holds.describeActive(tenantId, customerId, ACTIVE_HOLDS_READ_AHEAD) : null,
  ]);
  return { ok: true, value: { customer, expiredHolds, expiredLots, lots, lotWindow, activeHolds } };
}

/**
 * Decides how to settle a loaded customer on whom something is due. The rollover of a new
 * period weighs every open lot, so then all are read; otherwise the lots the load read are all
 * the steps need (`settled` then describes those lots only: the write keeps its own state).
 */
async function decideLoadedSettlement(
  ctx: EngineContext,
  tx: StoreTx,
  loaded: LoadedCustomer,
  catalog: Catalog,
  grants: DueGrants | null,
): Promise<SettlementPlan> {
  const { customer } = loaded;
  const now = ctx.now();
  const due =
    grants === null ? { period: null, daily: null } : await readDueGrants(tx, catalog, customer, now);
  const read = new Map(loaded.lots.map((l) => [l.id, l]));
  for (const lot of loaded.expiredLots) read.set(lot.id, lot);
  const lots =
    due.period === null ? [...read.values()] : await tx.lots.listOpen(customer.tenantId, customer.id);
  return decideSettlement({
    now,
    catalog,
    plan: findCustomerPlan(catalog, customer.planId),
    held: credits(customer.held),
    lots,
    expiredHolds: loaded.expiredHolds,
    activeHolds: loaded.activeHolds ?? { count: 0, maxExpiresAt: 0 },
    quotas: new Map(),
    due,
  });
}

/**
 * Settles a loaded customer: when anything is due, decides the settlement
 * (`decideLoadedSettlement`) and applies its steps: voids the holds past expiry, ends the lots
 * past expiry (then reads the open lots again, since those changed), and applies the grants due
 * by now with the rollover the decision split. Answers the state use cases decide on.
 */
export async function settleLoadedCustomer(
  ctx: EngineContext,
  tx: StoreTx,
  loaded: LoadedCustomer,
  catalog: Catalog,
): Promise<CustomerState> {
  const { customer } = loaded;
  const state: CustomerState = {
    tenantId: customer.tenantId,
    customer,
    lots: [],
    allLots: false,
    lotBoundary: null,
    held: customer.held,
    activeHolds: null,
  };
  const grants = findDueGrants(catalog, customer, ctx.now());
  const nothingDue = loaded.expiredHolds.length === 0 && loaded.expiredLots.length === 0 && grants === null;
  const plan = nothingDue ? null : await decideLoadedSettlement(ctx, tx, loaded, catalog, grants);
  for (const hold of loaded.expiredHolds) {
    await endHold(ctx, tx, state, catalog, hold, 'expired', null);
    state.expiredHoldIds = [...(state.expiredHoldIds ?? []), hold.id];
  }
  // Counted with the holds that just expired: read again when asked, rather than adjusted.
  if (loaded.activeHolds !== null && loaded.expiredHolds.length === 0) {
    state.activeHolds = { ...loaded.activeHolds, countedUpTo: ACTIVE_HOLDS_READ_AHEAD };
  }
  const expireLots = plan?.expireLots ?? [];
  for (const { lotId, credits: amount, source } of expireLots) {
    const ended = [{ lotId, credits: amount }];
    await debitAllocations(ctx, tx, state, ended, 'expiry', SystemAccount.expired, lotId);
    await announceExpired(ctx, tx, state, source, ended);
  }
  const lots =
    expireLots.length === 0
      ? loaded.lots
      : loaded.lotWindow
        ? await tx.lots.listOpenInOrder(state.tenantId, customer.id, ctx.lotWindow + 1)
        : await tx.lots.listOpen(state.tenantId, customer.id);
  if (loaded.lotWindow) {
    state.allLots = lots.length <= ctx.lotWindow;
    state.lots = lots.slice(0, ctx.lotWindow);
    state.lotBoundary = state.allLots ? null : (state.lots.at(-1) ?? null);
  } else {
    state.lots = [...lots];
    state.allLots = true;
  }
  if (grants !== null && plan !== null) await applyDueGrants(ctx, tx, state, catalog, grants, plan);
  return state;
}

/** Locks and loads a customer, then settles what is due on them (`loadCustomer`, `settleLoadedCustomer`). */
export async function openCustomer(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  catalog: Catalog,
  options: { lotWindow?: boolean } = {},
): Promise<Result<CustomerState>> {
  const loaded = await loadCustomer(ctx, tx, tenantId, customerId, options);
  if (!loaded.ok) return loaded;
  return { ok: true, value: await settleLoadedCustomer(ctx, tx, loaded.value, catalog) };
}
