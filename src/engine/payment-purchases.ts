/**
 * A paid pack (`grant_purchase`): a purchased lot (the catalog's purchase priority, the pack's
 * expiry, the money received as cost basis, the payment as its ref), a `purchase.completed`
 * outbox row, the Stripe customer remembered, claw-backs that arrived first applied, and the
 * referral reward triggered by the first purchase.
 */
import { DAY_MS } from '../domain/calendar.ts';
import { findPack } from '../domain/catalog.ts';
import { centsToMicros, exceedsMaxBalance, MAX_BALANCE } from '../domain/credits.ts';
import { fail, ok } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import type { GrantPurchase } from '../payments/commands.ts';
import { OutgoingEventType } from '../webhooks/events.ts';
import type { EngineContext } from './context.ts';
import { creditNewLot } from './ledger.ts';
import { openCustomer } from './open-customer.ts';
import { applyDeferredClawBacks } from './payment-clawbacks.ts';
import type { PaymentStep, PaymentTx } from './payment-steps.ts';
import { grantReferral } from './rewards.ts';
import { rememberStripeCustomer } from './stripe-customers.ts';

/** Grants a purchased pack's credits to the customer who paid. */
export async function applyGrantPurchase(
  ctx: EngineContext,
  { tx, tenantId, catalog }: PaymentTx,
  command: GrantPurchase,
): Promise<PaymentStep> {
  const pack = findPack(catalog, command.packId);
  if (pack === undefined) return fail('unknown_pack', `no pack ${command.packId} in the catalog`, 'pack');
  const opened = await openCustomer(ctx, tx, tenantId, command.customerId, catalog);
  if (!opened.ok) return opened;
  const state = opened.value;
  if (exceedsMaxBalance(state.customer.balance, command.credits)) {
    return fail(
      'parameter_out_of_range',
      `pack ${pack.id} would take the balance of ${command.customerId} past ${MAX_BALANCE} (2^53 − 1)`,
      'credits',
      { balance: state.customer.balance, maxBalance: MAX_BALANCE },
    );
  }
  const now = ctx.now();
  // Taken before the lot exists, so a claw-back of this payment waits for this write.
  await tx.payments.lockRef(tenantId, command.paymentRef, now);
  const { lot } = await creditNewLot(
    ctx,
    tx,
    state,
    {
      source: 'purchase',
      amount: command.credits,
      priority: catalog.lotPriorities.purchase,
      expiresAt: pack.expiresInDays === null ? null : now + pack.expiresInDays * DAY_MS,
      costBasisMicros: centsToMicros(command.costBasisCents),
      reason: `${pack.name} pack`,
      ref: command.paymentRef,
    },
    SystemAccount.issuedPurchase,
    'grant',
  );
  await tx.outbox.insert({
    id: ctx.newId(),
    tenantId,
    type: OutgoingEventType.purchaseCompleted,
    payload: {
      customer: command.customerId,
      pack: command.packId,
      credits: command.credits,
      lot: lot.id,
      amount_cents: command.costBasisCents,
      currency: command.currency,
      payment_ref: command.paymentRef,
      checkout_session: command.checkoutSessionId,
    },
    createdAt: now,
  });
  await rememberStripeCustomer(ctx, tx, tenantId, command.customerId, command.stripeCustomerId);
  await applyDeferredClawBacks(ctx, tx, state, command.paymentRef, lot.id);
  const referral = await grantReferral(ctx, tx, state, catalog, false);
  if (!referral.ok) return referral;
  return ok({ status: 'applied', kind: 'grant_purchase', lotId: lot.id, creditsDelta: command.credits });
}
