/**
 * Reads: a customer's summary (balance, lots by source, quotas, warnings, projections), the
 * ledger with cursor pagination, and usage totals. A customer whose holds or lots are past
 * their expiry, or who has grants due (`due-grants.ts`), is settled first (one small write),
 * so a read never shows dead credits nor misses a due allowance.
 */
import { DAY_MS, dayKey } from '../domain/calendar.ts';
import { type Credits, credits } from '../domain/credits.ts';
import { describeEntitlements } from '../domain/entitlements.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { findExpiredLots, isLotLive } from '../domain/lots.ts';
import { projectUsage } from '../domain/projections.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { findDueGrants } from './due-grants.ts';
import { type CustomerState, describeBalance } from './ledger.ts';
import { openCustomer } from './open-customer.ts';
import { presentCustomer, presentLot } from './present.ts';
import { describeQuotas, findCustomerPlan, listQuotaStates } from './quotas.ts';
import { runUseCase } from './transaction.ts';
import type { CustomerSummary, LedgerPage, UsageTotal } from './types.ts';
import { validateId } from './validate.ts';

/** Voids expired holds and expires dead lots of one customer (a write; idempotent by nature). */
export async function settleCustomer(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
): Promise<Result<true>> {
  return runUseCase(ctx, { tenantId, customerIds: [customerId] }, async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, tenantId);
    if (!catalog.ok) return catalog;
    const opened = await openCustomer(ctx, tx, tenantId, customerId, catalog.value);
    return opened.ok ? ok(true as const) : opened;
  });
}

/** Everything about one customer's credits, as of now. */
export async function getCustomerSummary(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
): Promise<Result<CustomerSummary>> {
  const invalid = validateId(customerId, 'customer');
  if (!invalid.ok) return invalid;
  const first = await readSummary(ctx, tenantId, customerId, true);
  if (first !== 'unsettled') return first;
  const settled = await settleCustomer(ctx, tenantId, customerId);
  if (!settled.ok) return settled;
  return (await readSummary(ctx, tenantId, customerId, false)) as Result<CustomerSummary>;
}

/**
 * Reads the summary on one snapshot. With `checkSettled`, answers `unsettled` instead when a
 * write is due first (a lot or hold past expiry, a grant due), judged from what the read loads
 * anyway, so the common case is a single read.
 */
async function readSummary(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
  checkSettled: boolean,
): Promise<Result<CustomerSummary> | 'unsettled'> {
  const now = ctx.now();
  return ctx.store.read(async (tx) => {
    const catalog = await loadTenantCatalog(ctx, tx, tenantId);
    if (!catalog.ok) return catalog;
    const customer = await tx.customers.get(tenantId, customerId);
    if (customer === null) return fail('not_found', `no customer ${customerId}`, 'customer');
    const lots = await tx.lots.listOpen(tenantId, customerId);
    if (checkSettled) {
      const due =
        findExpiredLots(lots, now).length > 0 ||
        findDueGrants(catalog.value, customer, now) !== null ||
        (customer.held > 0 && (await tx.holds.listExpiredActive(tenantId, customerId, now)).length > 0);
      if (due) return 'unsettled';
    }
    const state: CustomerState = {
      tenantId,
      customer,
      lots,
      allLots: true,
      lotBoundary: null,
      held: customer.held,
      activeHolds: null,
    };
    const balance = describeBalance(state, now);
    const bySource: Record<string, Credits> = {};
    for (const lot of lots) {
      if (isLotLive(lot, now)) bySource[lot.source] = credits((bySource[lot.source] ?? 0) + lot.remaining);
    }
    const plan = findCustomerPlan(catalog.value, customer.planId);
    const quotas = describeQuotas(await listQuotaStates(tx, state, plan, now), now);
    const usage = await tx.usage.listCustomerSince(tenantId, customerId, now - 30 * DAY_MS);
    const projection = projectUsage({
      usage,
      available: balance.available,
      now,
      periodEnd: customer.periodEnd,
      catalog: catalog.value,
      currentPlanId: plan.id,
    });
    return ok({
      customer: presentCustomer(customer),
      balance,
      lots: lots.filter((l) => isLotLive(l, now)).map(presentLot),
      bySource,
      disputed: credits(await tx.disputes.sumHeld(tenantId, customerId)),
      quotas,
      warnings: await tx.warnings.listRecent(tenantId, customerId, 20),
      projection,
      entitlements: describeEntitlements(plan),
    });
  });
}

/** A page of a customer's journal, newest first. */
export async function listLedger(
  ctx: EngineContext,
  input: { tenantId: string; customerId: string; cursor?: string | null; limit?: number },
): Promise<Result<LedgerPage>> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    return fail('invalid_request', 'limit must be an integer 1-500', 'limit');
  }
  return ctx.store.read(async (tx) => {
    const customer = await tx.customers.get(input.tenantId, input.customerId);
    if (customer === null) return fail('not_found', `no customer ${input.customerId}`, 'customer');
    const rows = await tx.journal.listForCustomer(
      input.tenantId,
      input.customerId,
      input.cursor ?? null,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return ok({
      transactions: page.map((t) => ({
        id: t.id,
        kind: t.kind,
        ref: t.ref,
        createdAt: t.createdAt,
        credits: credits(
          t.entries.filter((e) => e.customerId === input.customerId).reduce((s, e) => s + e.amount, 0),
        ),
        entries: t.entries.map((e) => ({ account: e.account, lotId: e.lotId, amount: e.amount })),
      })),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    });
  });
}

/** Usage totals over [from, to) grouped by model, day or customer. */
export async function readUsage(
  ctx: EngineContext,
  input: { tenantId: string; by: 'model' | 'day' | 'customer'; from: number; to: number },
): Promise<Result<UsageTotal[]>> {
  if (!Number.isSafeInteger(input.from) || !Number.isSafeInteger(input.to) || input.to <= input.from) {
    return fail('invalid_request', 'from and to must be times with from < to', 'from');
  }
  return ctx.store.read(async (tx) => {
    const lastDay = dayKey(input.to - 1);
    const rows =
      input.by === 'model'
        ? await tx.usage.totalByModel(input.tenantId, dayKey(input.from), lastDay)
        : input.by === 'day'
          ? await tx.usage.totalByDay(input.tenantId, dayKey(input.from), lastDay)
          : await tx.usage.totalByCustomer(input.tenantId, input.from, input.to);
    return ok(
      rows.map((r) => ({
        key: r.group,
        generations: r.generations,
        credits: r.credits,
        providerCostMicros: r.providerCostMicros,
        unknownCostGenerations: r.unknownCostGenerations,
      })),
    );
  });
}
