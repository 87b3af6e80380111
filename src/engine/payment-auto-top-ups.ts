/**
 * The payment port's auto top-up commands (issue 17 item 1), each inside the port's one write
 * with the event and payment object claimed (so a webhook that arrives twice applies once):
 * - `save_payment_method`: the card a setup-mode Checkout saved; a card failure is cleared and
 *   a rule set before is on again.
 * - `grant_auto_top_up`: the credits the attempt recorded when it was claimed, as a purchased
 *   lot whose ref is the PaymentIntent (refunds and disputes find it like a pack's); the
 *   attempt ends `succeeded` and nothing is in flight any more.
 * - `fail_auto_top_up`: an asynchronous decline turns auto top-up off and says why.
 */
import { DAY_MS } from '../domain/calendar.ts';
import { findPack } from '../domain/catalog.ts';
import { cents, centsToMicros, credits, exceedsMaxBalance, MAX_BALANCE } from '../domain/credits.ts';
import { fail, ok } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import type { FailAutoTopUp, GrantAutoTopUp, SavePaymentMethod } from '../payments/commands.ts';
import { OutgoingEventType } from '../webhooks/events.ts';
import { failAutoTopUpAttempt } from './auto-top-up-charges.ts';
import { emptyAutoTopUp } from './auto-top-ups.ts';
import type { EngineContext } from './context.ts';
import { creditNewLot } from './ledger.ts';
import { openCustomer } from './open-customer.ts';
import type { PaymentStep, PaymentTx } from './payment-steps.ts';
import { rememberStripeCustomer } from './stripe-customers.ts';

/** Saves the customer's card for off-session top-ups. */
export async function applySavePaymentMethod(
  ctx: EngineContext,
  { tx, tenantId }: PaymentTx,
  command: SavePaymentMethod,
): Promise<PaymentStep> {
  const customer = await tx.customers.get(tenantId, command.customerId);
  if (customer === null) return fail('not_found', `no customer ${command.customerId}`, 'customer');
  const now = ctx.now();
  const row =
    (await tx.autoTopUps.get(tenantId, command.customerId)) ??
    emptyAutoTopUp(tenantId, command.customerId, now);
  await tx.autoTopUps.save({
    ...row,
    stripeCustomerId: command.stripeCustomerId,
    paymentMethodId: command.paymentMethodId,
    // A new card after a failure puts a rule that was set back on.
    enabled: row.enabled || (row.failedAt !== null && row.threshold !== null),
    failureCode: null,
    failureMessage: null,
    failedAt: null,
    updatedAt: now,
  });
  await rememberStripeCustomer(ctx, tx, tenantId, command.customerId, command.stripeCustomerId);
  return ok({ status: 'applied', kind: 'save_payment_method' });
}

/** Grants a succeeded auto top-up's credits, once. */
export async function applyGrantAutoTopUp(
  ctx: EngineContext,
  { tx, tenantId, catalog }: PaymentTx,
  command: GrantAutoTopUp,
): Promise<PaymentStep> {
  const attempt = await tx.autoTopUps.getAttempt(tenantId, command.attemptId);
  const mismatch =
    attempt === null
      ? `no auto top-up ${command.attemptId}`
      : attempt.customerId !== command.customerId
        ? `auto top-up ${command.attemptId} is not customer ${command.customerId}'s`
        : attempt.amountCents !== command.amountCents || attempt.currency !== command.currency
          ? `auto top-up ${command.attemptId} was for ${attempt.amountCents} ${attempt.currency}, Stripe received ${command.amountCents} ${command.currency}`
          : attempt.status === 'succeeded'
            ? `auto top-up ${command.attemptId} was granted already (another PaymentIntent?)`
            : null;
  // Money moved that Tollgate cannot match to what it charged: nothing granted, an operator looks.
  if (mismatch !== null || attempt === null)
    return ok({ status: 'stale', reason: mismatch ?? '', needsAttention: true });
  const opened = await openCustomer(ctx, tx, tenantId, attempt.customerId, catalog);
  if (!opened.ok) return opened;
  const state = opened.value;
  if (exceedsMaxBalance(state.customer.balance, attempt.credits)) {
    return fail(
      'parameter_out_of_range',
      `auto top-up ${attempt.id} would take the balance of ${attempt.customerId} past ${MAX_BALANCE} (2^53 − 1)`,
      'credits',
    );
  }
  const now = ctx.now();
  await tx.payments.lockRef(tenantId, command.paymentRef, now);
  const pack = attempt.packId === null ? undefined : findPack(catalog, attempt.packId);
  const { lot } = await creditNewLot(
    ctx,
    tx,
    state,
    {
      source: 'purchase',
      amount: credits(attempt.credits),
      priority: catalog.lotPriorities.purchase,
      expiresAt: pack?.expiresInDays == null ? null : now + pack.expiresInDays * DAY_MS,
      costBasisMicros: centsToMicros(cents(attempt.amountCents)),
      reason: pack === undefined ? 'Auto top-up' : `Auto top-up: ${pack.name} pack`,
      ref: command.paymentRef,
    },
    SystemAccount.issuedPurchase,
    'grant',
  );
  await tx.autoTopUps.setAttemptStatus(tenantId, attempt.id, ['pending', 'processing', 'failed'], {
    status: 'succeeded',
    paymentIntentId: command.paymentRef,
    endedAt: now,
  });
  await tx.autoTopUps.clearInFlight(tenantId, attempt.customerId, attempt.id, now);
  await rememberStripeCustomer(ctx, tx, tenantId, attempt.customerId, command.stripeCustomerId);
  await tx.outbox.insert({
    id: ctx.newId(),
    tenantId,
    type: OutgoingEventType.autoTopUpSucceeded,
    payload: {
      customer: attempt.customerId,
      attempt: attempt.id,
      pack: attempt.packId,
      credits: attempt.credits,
      lot: lot.id,
      amount_cents: attempt.amountCents,
      currency: attempt.currency,
      payment_ref: command.paymentRef,
    },
    createdAt: now,
  });
  return ok({
    status: 'applied',
    kind: 'grant_auto_top_up',
    lotId: lot.id,
    creditsDelta: credits(attempt.credits),
  });
}

/** A failed auto top-up PaymentIntent: auto top-up off, with the reason. */
export async function applyFailAutoTopUp(
  ctx: EngineContext,
  { tx, tenantId }: PaymentTx,
  command: FailAutoTopUp,
): Promise<PaymentStep> {
  const attempt = await tx.autoTopUps.getAttempt(tenantId, command.attemptId);
  if (attempt === null || attempt.customerId !== command.customerId)
    return ok({ status: 'ignored', reason: `no auto top-up ${command.attemptId} of ${command.customerId}` });
  const changed = await failAutoTopUpAttempt(ctx, tx, attempt, {
    code: command.code,
    message: command.message,
    paymentIntentId: command.paymentRef,
  });
  return changed
    ? ok({ status: 'applied', kind: 'fail_auto_top_up' })
    : ok({ status: 'ignored', reason: `auto top-up ${attempt.id} had ended already (${attempt.status})` });
}
