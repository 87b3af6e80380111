/**
 * Auto top-up settings (issue 17 item 1): turn it on or change it (`setAutoTopUp`), read it
 * (`readAutoTopUp`), turn it off (`turnOffAutoTopUp`). The card is saved by the verified
 * `setup_intent.succeeded` webhook (`payment-auto-top-ups.ts`); charging is
 * `auto-top-up-charges.ts`. Every write is idempotent by key, under the customer's lock.
 */
import {
  AUTO_TOP_UP_COOLDOWN_MS,
  type AutoTopUpItem,
  type AutoTopUpStatus,
  describeAutoTopUpStatus,
  priceAutoTopUp,
} from '../domain/auto-top-up.ts';
import { monthKey } from '../domain/calendar.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { AutoTopUpRow } from '../store/sql/auto-top-ups.ts';
import type { StoreTx } from '../store/store.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import type { Mutation } from './types.ts';
import { firstFailure, validateCount, validateId } from './validate.ts';

/** A customer's auto top-up as the API answers it. */
export interface AutoTopUpView {
  readonly customerId: string;
  readonly status: AutoTopUpStatus;
  readonly threshold: number | null;
  readonly pack: string | null;
  readonly credits: number | null;
  readonly amountCents: number | null;
  readonly monthlyLimitCents: number | null;
  /** Cents of this calendar month's top-ups in flight or succeeded. */
  readonly spentThisMonthCents: number;
  readonly paymentMethodSaved: boolean;
  /** A top-up is charging now; its credits arrive with the payment's webhook. */
  readonly inFlight: boolean;
  readonly lastAttemptAt: number | null;
  readonly cooldownSeconds: number;
  /** Why a card turned auto top-up off (`card_declined`, `authentication_required`, ...), or null. */
  readonly failure: { readonly code: string; readonly message: string; readonly at: number } | null;
}

/** An empty row for a customer with no rule and no card yet. */
export function emptyAutoTopUp(tenantId: string, customerId: string, now: number): AutoTopUpRow {
  return {
    tenantId,
    customerId,
    threshold: null,
    packId: null,
    credits: null,
    amountCents: null,
    monthlyLimitCents: null,
    enabled: false,
    stripeCustomerId: null,
    paymentMethodId: null,
    inFlight: null,
    lastAttemptAt: null,
    failureCode: null,
    failureMessage: null,
    failedAt: null,
    updatedAt: now,
  };
}

/** Presents a row with what this month's attempts spent. */
export async function viewAutoTopUp(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
): Promise<AutoTopUpView> {
  const row = (await tx.autoTopUps.get(tenantId, customerId)) ?? emptyAutoTopUp(tenantId, customerId, 0);
  const spent = await tx.autoTopUps.sumMonth(tenantId, customerId, monthKey(ctx.now()));
  return {
    customerId,
    status: describeAutoTopUpStatus({
      enabled: row.enabled,
      hasPaymentMethod: row.paymentMethodId !== null,
      failedAt: row.failedAt,
    }),
    threshold: row.threshold,
    pack: row.packId,
    credits: row.credits,
    amountCents: row.amountCents,
    monthlyLimitCents: row.monthlyLimitCents,
    spentThisMonthCents: spent,
    paymentMethodSaved: row.paymentMethodId !== null,
    inFlight: row.inFlight !== null,
    lastAttemptAt: row.lastAttemptAt,
    cooldownSeconds: AUTO_TOP_UP_COOLDOWN_MS / 1000,
    failure:
      row.failedAt === null
        ? null
        : { code: row.failureCode ?? 'payment_failed', message: row.failureMessage ?? '', at: row.failedAt },
  };
}

async function requireCustomer(tx: StoreTx, tenantId: string, customerId: string): Promise<Result<true>> {
  const customer = await tx.customers.get(tenantId, customerId);
  return customer === null ? fail('not_found', `no customer ${customerId}`, 'customer') : ok(true);
}

/** A customer's auto top-up; `not_found` (field `customer`) for an unknown customer. */
export async function readAutoTopUp(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
): Promise<Result<AutoTopUpView>> {
  return ctx.store.read(async (tx) => {
    const known = await requireCustomer(tx, tenantId, customerId);
    if (!known.ok) return known;
    return ok(await viewAutoTopUp(ctx, tx, tenantId, customerId));
  });
}

export interface SetAutoTopUpInput extends Mutation {
  readonly customerId: string;
  /** Charge when available credits fall below this. */
  readonly threshold: number;
  readonly item: AutoTopUpItem;
  readonly monthlyLimitCents: number;
}

/**
 * Turns auto top-up on (or changes it) and clears an earlier card failure. The top-up is priced
 * now from the catalog; a monthly limit under one top-up's price is refused (nothing would
 * ever fire). Without a saved card the status is `needs_payment_method` until one is saved.
 */
export async function setAutoTopUp(
  ctx: EngineContext,
  input: SetAutoTopUpInput,
): Promise<Result<AutoTopUpView>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    validateCount(input.threshold, 'threshold'),
    validateCount(input.monthlyLimitCents, 'monthly_limit_cents'),
    'pack' in input.item ? validateId(input.item.pack, 'pack') : validateCount(input.item.credits, 'credits'),
  );
  if (invalid !== null) return invalid;
  if ('credits' in input.item && input.item.credits <= 0)
    return fail('invalid_request', 'credits must be positive', 'credits');
  const request = {
    customer: input.customerId,
    threshold: input.threshold,
    item: input.item,
    monthlyLimitCents: input.monthlyLimitCents,
  };
  return runIdempotent(
    ctx,
    { ...input, operation: 'auto_top_up.set', input: request, customerIds: [input.customerId] },
    async (tx) => {
      const known = await requireCustomer(tx, input.tenantId, input.customerId);
      if (!known.ok) return known;
      const catalog = await loadTenantCatalog(ctx, tx, input.tenantId);
      if (!catalog.ok) return catalog;
      const priced = priceAutoTopUp(catalog.value, input.item);
      if (!priced.ok) return priced;
      if (input.monthlyLimitCents < priced.value.amountCents) {
        return fail(
          'invalid_request',
          `monthly_limit_cents ${input.monthlyLimitCents} is under one top-up (${priced.value.amountCents} cents)`,
          'monthly_limit_cents',
        );
      }
      const now = ctx.now();
      const row =
        (await tx.autoTopUps.get(input.tenantId, input.customerId)) ??
        emptyAutoTopUp(input.tenantId, input.customerId, now);
      await tx.autoTopUps.save({
        ...row,
        threshold: input.threshold,
        packId: priced.value.packId,
        credits: priced.value.credits,
        amountCents: priced.value.amountCents,
        monthlyLimitCents: input.monthlyLimitCents,
        enabled: true,
        failureCode: null,
        failureMessage: null,
        failedAt: null,
        updatedAt: now,
      });
      return ok(await viewAutoTopUp(ctx, tx, input.tenantId, input.customerId));
    },
  );
}

/** Turns auto top-up off (the rule and card are kept for turning it on again); a top-up in flight still lands. */
export async function turnOffAutoTopUp(
  ctx: EngineContext,
  input: Mutation & { readonly customerId: string },
): Promise<Result<AutoTopUpView>> {
  const invalid = validateId(input.customerId, 'customer');
  if (!invalid.ok) return invalid;
  return runIdempotent(
    ctx,
    {
      ...input,
      operation: 'auto_top_up.off',
      input: { customer: input.customerId },
      customerIds: [input.customerId],
    },
    async (tx) => {
      const known = await requireCustomer(tx, input.tenantId, input.customerId);
      if (!known.ok) return known;
      const row = await tx.autoTopUps.get(input.tenantId, input.customerId);
      if (row?.enabled) await tx.autoTopUps.save({ ...row, enabled: false, updatedAt: ctx.now() });
      return ok(await viewAutoTopUp(ctx, tx, input.tenantId, input.customerId));
    },
  );
}

/** The part of a customer's auto top-up a money answer shows, and what its trigger needs. */
export interface AutoTopUpState {
  readonly status: AutoTopUpStatus;
  readonly threshold: number | null;
  readonly inFlight: boolean;
  readonly failure: AutoTopUpView['failure'];
}

/**
 * One primary-key read, for the answers of authorize, commit and charge: null when the
 * customer never set auto top-up (the common case costs one indexed lookup, no lock).
 */
export async function peekAutoTopUp(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
): Promise<AutoTopUpState | null> {
  const row = await ctx.store.read((tx) => tx.autoTopUps.get(tenantId, customerId));
  if (row === null) return null;
  return {
    status: describeAutoTopUpStatus({
      enabled: row.enabled,
      hasPaymentMethod: row.paymentMethodId !== null,
      failedAt: row.failedAt,
    }),
    threshold: row.threshold,
    inFlight: row.inFlight !== null,
    failure:
      row.failedAt === null
        ? null
        : { code: row.failureCode ?? 'payment_failed', message: row.failureMessage ?? '', at: row.failedAt },
  };
}
