/**
 * Opening a customer for a use case: `loadCustomer` locks and reads (never writes), then
 * `settleLoadedCustomer` settles what is due (holds and lots past expiry, the grants due by now)
 * and answers the state the use case decides on. Apart from `ledger.ts` so the ledger's apply
 * step does not import the due grants, which apply through it (no import cycle).
 */
import type { Catalog } from '../domain/catalog.ts';
import { fail, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import type { StoreTx } from '../store/store.ts';
import type { CustomerRow, HoldRow, LotRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import { applyDueGrants } from './due-grants.ts';
import {
  ACTIVE_HOLDS_READ_AHEAD,
  announceExpired,
  type CustomerState,
  debitAllocations,
  endHold,
} from './ledger.ts';

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
 * Settles what is due on a loaded customer: voids their holds past expiry, expires their lots
 * past expiry (then reads their open lots again, since those changed), and applies the grants
 * due by now (a free plan's new month, the daily credit). Answers the state use cases decide on.
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
  for (const hold of loaded.expiredHolds) {
    await endHold(ctx, tx, state, catalog, hold, 'expired', null);
    state.expiredHoldIds = [...(state.expiredHoldIds ?? []), hold.id];
  }
  // Counted with the holds that just expired: read again when asked, rather than adjusted.
  if (loaded.activeHolds !== null && loaded.expiredHolds.length === 0) {
    state.activeHolds = { ...loaded.activeHolds, countedUpTo: ACTIVE_HOLDS_READ_AHEAD };
  }
  for (const lot of loaded.expiredLots) {
    const ended = [{ lotId: lot.id, credits: lot.remaining }];
    await debitAllocations(ctx, tx, state, ended, 'expiry', SystemAccount.expired, lot.id);
    await announceExpired(ctx, tx, state, lot.source, ended);
  }
  const lots =
    loaded.expiredLots.length === 0
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
  await applyDueGrants(ctx, tx, state, catalog);
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
