/**
 * The engine's side of `PaymentLedgerPort` (contract in `payments/ledger-port.ts`): one store
 * write per command, with its customer locked, its idempotency records (the Stripe event, the
 * payment object) and its outbox rows. The event is claimed first, so a redelivery (even a
 * concurrent one) answers `duplicate` and writes nothing; each kind is applied by its own file.
 *
 * A claw-back or dispute names no customer: its write's scope names the payment, and the store
 * locks the owner of the lot the payment granted before anything is read (`openPaymentLot`).
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import type { PaymentCommand } from '../payments/commands.ts';
import type { PaymentOutcome } from '../payments/ledger-port.ts';
import { Rollback, type StoreTx, type WriteScope } from '../store/store.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { recordPaymentAmount } from './payment-amounts.ts';
import { applyFailAutoTopUp, applyGrantAutoTopUp, applySavePaymentMethod } from './payment-auto-top-ups.ts';
import { applyClawBack } from './payment-clawbacks.ts';
import { applyDisputeCommand } from './payment-disputes.ts';
import { applyGrantPurchase } from './payment-purchases.ts';
import { claimPaymentObject, type PaymentStep, type PaymentTx } from './payment-steps.ts';
import { applyCancelPlan, applyChangePlan, applyPlanPeriod } from './payment-subscriptions.ts';
import { runUseCase } from './transaction.ts';
import { firstFailure, validateCount, validateCredits, validateId, validateTime } from './validate.ts';

/** Applies a payment command for a tenant, exactly once per event id and per payment object. */
export async function applyPaymentCommand(
  ctx: EngineContext,
  tenantId: string,
  command: PaymentCommand,
): Promise<Result<PaymentOutcome>> {
  const invalid = validateCommand(command);
  if (invalid !== null) return invalid;
  return runUseCase(ctx, commandScope(tenantId, command), async (tx) => {
    const step = await runCommand(ctx, tx, tenantId, command);
    // A duplicate leaves no write, not even the event's claim: the first delivery is the record.
    return step.ok && step.value.status === 'duplicate' ? new Rollback(step) : step;
  });
}

/** What the write locks: the command's customer, or for a claw-back or dispute its payment's lot owner. */
function commandScope(tenantId: string, command: PaymentCommand): WriteScope {
  if (command.kind === 'ignore') return { tenantId };
  if (findsLotByRef(command)) return { tenantId, paymentRef: command.paymentRef };
  return { tenantId, customerIds: [command.customerId] };
}

async function runCommand(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  command: PaymentCommand,
): Promise<PaymentStep> {
  const catalog = await loadTenantCatalog(ctx, tx, tenantId);
  if (!catalog.ok) return catalog;
  const claimed = await tx.payments.claimEvent({
    tenantId,
    eventId: command.eventId,
    kind: command.kind,
    occurredAt: command.occurredAt,
    processedAt: ctx.now(),
  });
  if (!claimed) return ok({ status: 'duplicate', key: `event:${command.eventId}` });
  // A claw-back or dispute claims its payment object only once it finds its lot (a deferred one does not).
  if (!findsLotByRef(command)) {
    const aborted = await claimPaymentObject(ctx, tx, tenantId, command);
    if (aborted !== null) return aborted;
  }
  const step = await dispatch(ctx, { tx, tenantId, catalog: catalog.value }, command);
  if (!step.ok || step.value.status === 'duplicate') return step;
  const customerId = await findOutcomeCustomer(tx, tenantId, command);
  const needsAttention =
    (command.kind === 'ignore' && command.needsAttention) ||
    (step.value.status === 'stale' && step.value.needsAttention === true);
  await tx.payments.finishEvent(tenantId, command.eventId, customerId, step.value, needsAttention);
  await recordPaymentAmount(tx, tenantId, command, customerId);
  return step;
}

function dispatch(ctx: EngineContext, ptx: PaymentTx, command: PaymentCommand): Promise<PaymentStep> {
  switch (command.kind) {
    case 'grant_purchase':
      return applyGrantPurchase(ctx, ptx, command);
    case 'start_subscription':
    case 'renew_plan':
      return applyPlanPeriod(ctx, ptx, command);
    case 'change_plan':
      return applyChangePlan(ctx, ptx, command);
    case 'cancel_plan':
      return applyCancelPlan(ctx, ptx, command);
    case 'claw_back':
      return applyClawBack(ctx, ptx, command);
    case 'hold_dispute':
    case 'close_dispute':
      return applyDisputeCommand(ctx, ptx, command);
    case 'save_payment_method':
      return applySavePaymentMethod(ctx, ptx, command);
    case 'grant_auto_top_up':
      return applyGrantAutoTopUp(ctx, ptx, command);
    case 'fail_auto_top_up':
      return applyFailAutoTopUp(ctx, ptx, command);
    case 'ignore':
      return Promise.resolve(ok({ status: 'ignored', reason: command.reason }));
  }
}

/** Commands that name a payment, not a customer: their lot is found by the payment's ref. */
function findsLotByRef(
  command: PaymentCommand,
): command is Extract<
  PaymentCommand,
  { paymentRef: string; kind: 'claw_back' | 'hold_dispute' | 'close_dispute' }
> {
  return command.kind === 'claw_back' || command.kind === 'hold_dispute' || command.kind === 'close_dispute';
}

/** The customer an applied command is recorded against: its own, or its payment's lot owner. */
async function findOutcomeCustomer(tx: StoreTx, tenantId: string, command: PaymentCommand) {
  if (command.kind === 'ignore') return null;
  if (!findsLotByRef(command)) return command.customerId;
  return (await tx.payments.findLotByRef(tenantId, command.paymentRef))?.customerId ?? null;
}

/** Shapes the engine relies on; the translation produces them, other callers might not. */
function validateCommand(command: PaymentCommand): Result<never> | null {
  const base = firstFailure(
    validateId(command.eventId, 'event_id'),
    validateTime(command.occurredAt, 'occurred_at'),
  );
  if (base !== null) return base;
  switch (command.kind) {
    case 'grant_purchase':
      return firstFailure(
        validateId(command.customerId, 'customer'),
        validateId(command.paymentRef, 'payment_ref'),
        validateId(command.packId, 'pack'),
        validateCredits(command.credits, 'credits'),
        validateCount(command.costBasisCents, 'cost_basis_cents'),
      );
    case 'start_subscription':
    case 'renew_plan':
      return firstFailure(
        validateId(command.customerId, 'customer'),
        validateId(command.invoiceId, 'invoice'),
        validateId(command.subscriptionId, 'subscription'),
        validateId(command.planId, 'plan'),
        validateTime(command.periodStart, 'period_start'),
        validateTime(command.periodEnd, 'period_end', command.periodStart),
      );
    case 'change_plan':
      return firstFailure(
        validateId(command.customerId, 'customer'),
        validateId(command.subscriptionId, 'subscription'),
        validateId(command.planId, 'plan'),
      );
    case 'cancel_plan':
      return firstFailure(
        validateId(command.customerId, 'customer'),
        validateId(command.subscriptionId, 'subscription'),
        validateId(command.downgradeToPlanId, 'plan'),
      );
    case 'claw_back':
      return firstFailure(
        validateId(command.paymentRef, 'payment_ref'),
        validateCount(command.reversedCents, 'reversed_cents'),
        validateCount(command.amountCents, 'amount_cents'),
        command.amountCents > 0
          ? ok(true)
          : fail('invalid_request', 'amount_cents must be positive', 'amount_cents'),
      );
    case 'hold_dispute':
    case 'close_dispute':
      return firstFailure(
        validateId(command.disputeId, 'dispute'),
        validateId(command.paymentRef, 'payment_ref'),
        validateId(command.chargeId, 'charge'),
      );
    case 'save_payment_method':
      return firstFailure(
        validateId(command.customerId, 'customer'),
        validateId(command.setupIntentId, 'setup_intent'),
        validateId(command.paymentMethodId, 'payment_method'),
        validateId(command.stripeCustomerId, 'stripe_customer'),
      );
    case 'grant_auto_top_up':
    case 'fail_auto_top_up':
      return firstFailure(
        validateId(command.customerId, 'customer'),
        validateId(command.paymentRef, 'payment_ref'),
        validateId(command.attemptId, 'attempt'),
      );
    case 'ignore':
      return null;
  }
}
