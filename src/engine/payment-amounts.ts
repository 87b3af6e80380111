/**
 * The money of an applied Stripe event, kept for the operator's revenue figures (issue 14):
 * a pack's payment, a plan invoice, and for a refund or dispute the increase of the payment's
 * reversed amount (Stripe reports it cumulatively), named by the pack or plan the payment
 * bought. Written in the event's own transaction, so an event's money is counted exactly once.
 */
import type { PaymentCommand } from '../payments/commands.ts';
import type { StoreTx } from '../store/store.ts';

/** Records the command's money, if it moved any. */
export async function recordPaymentAmount(
  tx: StoreTx,
  tenantId: string,
  command: PaymentCommand,
  customerId: string | null,
): Promise<void> {
  const base = { tenantId, eventId: command.eventId, customerId, occurredAt: command.occurredAt };
  switch (command.kind) {
    case 'grant_purchase':
      return tx.payments.insertAmount({
        ...base,
        paymentRef: command.paymentRef,
        kind: 'pack',
        item: command.packId,
        amountCents: command.costBasisCents,
      });
    case 'start_subscription':
    case 'renew_plan':
      return tx.payments.insertAmount({
        ...base,
        paymentRef: command.paymentRef ?? command.invoiceId,
        kind: 'plan',
        item: command.planId,
        amountCents: command.amountPaidCents,
      });
    case 'grant_auto_top_up':
      return tx.payments.insertAmount({
        ...base,
        paymentRef: command.paymentRef,
        kind: 'pack',
        item: 'auto_top_up',
        amountCents: command.amountCents,
      });
    case 'claw_back': {
      const paid = await tx.payments.readAmounts(tenantId, command.paymentRef);
      const before = paid.filter((p) => p.kind === command.reason).reduce((sum, p) => sum + p.amountCents, 0);
      const bought = paid.find((p) => p.kind === 'pack' || p.kind === 'plan');
      const increase = command.reversedCents - before;
      if (increase <= 0) return;
      return tx.payments.insertAmount({
        ...base,
        customerId: customerId ?? bought?.customerId ?? null,
        paymentRef: command.paymentRef,
        kind: command.reason,
        item: bought?.item ?? '',
        amountCents: increase,
      });
    }
    default:
      return;
  }
}
