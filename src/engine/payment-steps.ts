/**
 * What the payment port's per-kind files share: the transaction they run in, what a step
 * answers (an outcome or a failure, see `PaymentStep`), the payment-object
 * claim, opening the lot a payment granted (for claw-backs and disputes) and the catalog plan
 * lookup.
 */
import { type Catalog, findPlan, type Plan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { ClawBack, CloseDispute, HoldDispute, PaymentCommand } from '../payments/commands.ts';
import { type PaymentOutcome, paymentObjectKey } from '../payments/ledger-port.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import type { CustomerState } from './ledger.ts';
import { openCustomer } from './open-customer.ts';

/**
 * What applying one command inside the write answers: an outcome or a failure. The port rolls
 * back a failure and a `duplicate` outcome, so neither leaves a write (not even the event's claim).
 */
export type PaymentStep = Result<PaymentOutcome>;

/** The transaction and what every kind needs: the tenant, its catalog and the locked customer. */
export interface PaymentTx {
  readonly tx: StoreTx;
  readonly tenantId: string;
  readonly catalog: Catalog;
}

/**
 * Records the command's payment object as applied; answers `duplicate` (which the port rolls
 * back, the event claim too) when another event already applied it, or null to go on.
 */
export async function claimPaymentObject(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  command: PaymentCommand,
): Promise<PaymentStep | null> {
  const key = paymentObjectKey(command);
  if (key === null) return null;
  if (await tx.payments.claimObject(tenantId, key, command.eventId, ctx.now())) return null;
  return ok({ status: 'duplicate', key });
}

/** A plan named by a command, or `unknown_plan` naming `plan`. */
export function findCommandPlan(catalog: Catalog, planId: string): Result<Plan> {
  const plan = findPlan(catalog, planId);
  return plan === undefined ? fail('unknown_plan', `no plan ${planId} in the catalog`, 'plan') : ok(plan);
}

/** What a claw-back or a dispute acts on: the payment's lot, its customer opened, what was clawed back. */
export interface PaymentLot {
  readonly state: CustomerState;
  readonly lotId: string;
  /** Credits earlier claw-backs of the payment took. */
  readonly clawedBack: number;
}

/**
 * The start every step that reverses a payment shares: locks the payment's ref row, finds the
 * lot it granted and opens that lot's customer. The write's scope (`paymentRef`) locked that
 * customer already, unless the lot was granted between the scope lock and the ref lock: then
 * it is locked here (a deadlock this may meet is retried by the store). Answers the step's
 * answer instead when it cannot go on: deferred until the grant arrives, or already applied.
 */
export async function openPaymentLot(
  ctx: EngineContext,
  { tx, tenantId, catalog }: PaymentTx,
  command: ClawBack | HoldDispute | CloseDispute,
): Promise<{ readonly lot: PaymentLot } | { readonly answer: PaymentStep }> {
  const { clawedBack } = await tx.payments.lockRef(tenantId, command.paymentRef, ctx.now());
  const found = await tx.payments.findLotByRef(tenantId, command.paymentRef);
  if (found === null) {
    await tx.payments.insertDeferred(tenantId, command.paymentRef, command.eventId, command, ctx.now());
    return { answer: ok({ status: 'deferred', reason: `no grant for ${command.paymentRef} yet` }) };
  }
  const aborted = await claimPaymentObject(ctx, tx, tenantId, command);
  if (aborted !== null) return { answer: aborted };
  const opened = await openCustomer(ctx, tx, tenantId, found.customerId, catalog);
  if (!opened.ok) return { answer: opened };
  return { lot: { state: opened.value, lotId: found.lotId, clawedBack } };
}
