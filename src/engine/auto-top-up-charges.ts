/**
 * Charging an auto top-up (issue 17 item 1), in two short writes around the payment provider's
 * call, never inside a money use case's transaction:
 * 1. `claimAutoTopUp`, under the customer's lock: load the facts, ask `decideAutoTopUp`, and
 *    record a `pending` attempt marked in flight. The lock, the conditional in-flight mark and
 *    the partial unique index on attempts in flight make a second claim impossible while one is
 *    open, so 50 concurrent commits crossing the threshold claim once.
 * 2. `recordAutoTopUpCharge`, after the off-session PaymentIntent: `processing` with its id (the
 *    credits come only with `payment_intent.succeeded`), or `failed`, which turns auto top-up
 *    off, says why and emits `auto_top_up.failed`.
 */
import { AUTO_TOP_UP_COOLDOWN_MS, type AutoTopUpBlock, decideAutoTopUp } from '../domain/auto-top-up.ts';
import { monthKey } from '../domain/calendar.ts';
import { ok, type Result } from '../domain/errors.ts';
import type { AutoTopUpAttemptRow } from '../store/sql/auto-top-ups.ts';
import type { StoreTx } from '../store/store.ts';
import { OutgoingEventType } from '../webhooks/events.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { runUseCase } from './transaction.ts';

/** What the payment provider needs to charge one claimed top-up. */
export interface ClaimedAutoTopUp {
  readonly tenantId: string;
  readonly attemptId: string;
  readonly customerId: string;
  readonly credits: number;
  readonly amountCents: number;
  readonly currency: string;
  readonly stripeCustomerId: string | null;
  readonly paymentMethodId: string;
}

export type AutoTopUpClaim =
  | { readonly claimed: true; readonly attempt: ClaimedAutoTopUp }
  | { readonly claimed: false; readonly reason: AutoTopUpBlock | 'unknown_customer' };

/** Claims a top-up for the customer if the rule says one is due now. */
export async function claimAutoTopUp(
  ctx: EngineContext,
  input: { readonly tenantId: string; readonly customerId: string },
): Promise<AutoTopUpClaim> {
  const { tenantId, customerId } = input;
  const answer = await runUseCase(ctx, { tenantId, customerIds: [customerId] }, async (tx) => {
    const skip = (reason: AutoTopUpBlock | 'unknown_customer') => ok({ claimed: false as const, reason });
    const row = await tx.autoTopUps.get(tenantId, customerId);
    if (row === null) return skip('off');
    const customer = await tx.customers.get(tenantId, customerId);
    if (customer === null) return skip('unknown_customer');
    const now = ctx.now();
    const month = monthKey(now);
    const decision = decideAutoTopUp({
      enabled: row.enabled,
      threshold: row.threshold,
      amountCents: row.amountCents,
      monthlyLimitCents: row.monthlyLimitCents,
      hasPaymentMethod: row.paymentMethodId !== null,
      inFlight: row.inFlight !== null,
      lastAttemptAt: row.lastAttemptAt,
      available: customer.balance - customer.held,
      spentThisMonthCents: await tx.autoTopUps.sumMonth(tenantId, customerId, month),
      now,
      cooldownMs: AUTO_TOP_UP_COOLDOWN_MS,
    });
    if (!decision.fire) return skip(decision.reason);
    const catalog = await loadTenantCatalog(ctx, tx, tenantId);
    if (!catalog.ok) return catalog;
    const attempt: AutoTopUpAttemptRow = {
      tenantId,
      id: ctx.newId(),
      customerId,
      month,
      packId: row.packId,
      credits: row.credits ?? 0,
      amountCents: row.amountCents ?? 0,
      currency: catalog.value.currency.toLowerCase(),
      status: 'pending',
      paymentIntentId: null,
      failureCode: null,
      createdAt: now,
      endedAt: null,
    };
    if (!(await tx.autoTopUps.markInFlight(tenantId, customerId, attempt.id, now))) return skip('in_flight');
    await tx.autoTopUps.insertAttempt(attempt);
    return ok({
      claimed: true as const,
      attempt: {
        tenantId,
        attemptId: attempt.id,
        customerId,
        credits: attempt.credits,
        amountCents: attempt.amountCents,
        currency: attempt.currency,
        stripeCustomerId: row.stripeCustomerId,
        paymentMethodId: row.paymentMethodId as string,
      },
    });
  });
  if (!answer.ok) return { claimed: false, reason: 'unknown_customer' };
  return answer.value;
}

/** How the off-session charge went at the payment provider. */
export type AutoTopUpChargeOutcome =
  /** The PaymentIntent exists (succeeded or processing): the webhook grants. */
  | { readonly kind: 'created'; readonly paymentIntentId: string }
  /** Declined, or it needs the customer to authenticate: auto top-up turns off. */
  | {
      readonly kind: 'failed';
      readonly code: string;
      readonly message: string;
      readonly paymentIntentId: string | null;
    };

/** Records what the provider answered for a claimed attempt. */
export async function recordAutoTopUpCharge(
  ctx: EngineContext,
  input: {
    readonly tenantId: string;
    readonly customerId: string;
    readonly attemptId: string;
    readonly outcome: AutoTopUpChargeOutcome;
  },
): Promise<Result<{ readonly changed: boolean }>> {
  const { tenantId, customerId, attemptId, outcome } = input;
  return runUseCase(ctx, { tenantId, customerIds: [customerId] }, async (tx) => {
    if (outcome.kind === 'created') {
      const changed = await tx.autoTopUps.setAttemptStatus(tenantId, attemptId, ['pending'], {
        status: 'processing',
        paymentIntentId: outcome.paymentIntentId,
      });
      return ok({ changed });
    }
    const attempt = await tx.autoTopUps.getAttempt(tenantId, attemptId);
    if (attempt === null) return ok({ changed: false });
    return ok({ changed: await failAutoTopUpAttempt(ctx, tx, attempt, outcome) });
  });
}

/**
 * Inside a write: ends an attempt not yet granted as failed, turns the customer's auto top-up
 * off with the reason and emits `auto_top_up.failed`. False (nothing written) when the attempt
 * had ended already (granted, or failed by an earlier answer or event).
 */
export async function failAutoTopUpAttempt(
  ctx: EngineContext,
  tx: StoreTx,
  attempt: AutoTopUpAttemptRow,
  failure: { readonly code: string; readonly message: string; readonly paymentIntentId: string | null },
): Promise<boolean> {
  const now = ctx.now();
  const changed = await tx.autoTopUps.setAttemptStatus(
    attempt.tenantId,
    attempt.id,
    ['pending', 'processing'],
    {
      status: 'failed',
      paymentIntentId: failure.paymentIntentId,
      failureCode: failure.code,
      endedAt: now,
    },
  );
  if (!changed) return false;
  await tx.autoTopUps.disableForFailure(attempt.tenantId, attempt.customerId, {
    code: failure.code,
    message: failure.message,
    at: now,
  });
  await tx.outbox.insert({
    id: ctx.newId(),
    tenantId: attempt.tenantId,
    type: OutgoingEventType.autoTopUpFailed,
    payload: {
      customer: attempt.customerId,
      reason: failure.code,
      message: failure.message,
      attempt: attempt.id,
      payment_intent: failure.paymentIntentId,
      amount_cents: attempt.amountCents,
      credits: attempt.credits,
      auto_top_up: 'off',
    },
    createdAt: now,
  });
  return true;
}

/** Attempts claimed at least `olderThanMs` ago that never got a PaymentIntent: to charge again, same key. */
export async function listStaleAutoTopUps(
  ctx: EngineContext,
  olderThanMs: number,
  limit = 50,
): Promise<ClaimedAutoTopUp[]> {
  return ctx.store.read(async (tx) => {
    const stale = await tx.autoTopUps.listStalePending(ctx.now() - olderThanMs, limit);
    const claims: ClaimedAutoTopUp[] = [];
    for (const attempt of stale) {
      const row = await tx.autoTopUps.get(attempt.tenantId, attempt.customerId);
      if (row?.paymentMethodId === null || row === null) continue;
      claims.push({
        tenantId: attempt.tenantId,
        attemptId: attempt.id,
        customerId: attempt.customerId,
        credits: attempt.credits,
        amountCents: attempt.amountCents,
        currency: attempt.currency,
        stripeCustomerId: row.stripeCustomerId,
        paymentMethodId: row.paymentMethodId,
      });
    }
    return claims;
  });
}
