/**
 * A minimal ledger port for the studio's test checkout, used only while the engine does not
 * implement `PaymentLedgerPort` itself (issue 6 wires the real one; `checkout.ts` prefers it
 * as soon as it exists). Pack purchases become purchased lots, paid plan invoices a plan
 * change with the period's allowance; everything else is left alone. Idempotent through the
 * engine's own idempotency keys, derived from the payment object.
 */
import { centsToMicros } from '../domain/credits.ts';
import { ok } from '../domain/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { type PaymentLedgerPort, paymentObjectKey } from '../payments/ledger-port.ts';

/** The port over the engine's public use cases. */
export function createDemoLedgerPort(engine: Engine): PaymentLedgerPort {
  return {
    async applyPaymentCommand(tenantId, command) {
      const key = `stripe:${paymentObjectKey(command) ?? command.eventId}`;
      switch (command.kind) {
        case 'grant_purchase': {
          const granted = await engine.grant({
            tenantId,
            idempotencyKey: key,
            customerId: command.customerId,
            credits: command.credits,
            source: 'purchase',
            reason: `${command.packId} (test checkout)`,
            ref: command.paymentRef,
            costBasisMicros: centsToMicros(command.costBasisCents),
          });
          if (!granted.ok) return granted;
          return ok({
            status: 'applied',
            kind: command.kind,
            lotId: granted.value.lot.id,
            creditsDelta: command.credits,
          });
        }
        case 'start_subscription':
        case 'renew_plan': {
          const changed = await engine.changePlan({
            tenantId,
            idempotencyKey: `${key}:plan`,
            customerId: command.customerId,
            planId: command.planId,
            periodStart: command.periodStart,
            periodEnd: command.periodEnd,
          });
          if (!changed.ok) return changed;
          const granted = await engine.grant({
            tenantId,
            idempotencyKey: key,
            customerId: command.customerId,
            credits: command.credits,
            source: 'plan',
            reason: `${command.planId} allowance (test checkout)`,
            expiresAt: command.periodEnd,
            ref: command.invoiceId,
          });
          if (!granted.ok) return granted;
          return ok({
            status: 'applied',
            kind: command.kind,
            lotId: granted.value.lot.id,
            creditsDelta: command.credits,
            planId: command.planId,
          });
        }
        default:
          return ok({ status: 'ignored', reason: `the demo port does not handle ${command.kind}` });
      }
    },
  };
}
