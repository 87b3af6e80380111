/**
 * What the payment port's per-kind files share: the transaction they run in, what a step
 * answers (an outcome, a failure, or an abort that rolls the write back), the payment-object
 * claim, opening the lot a payment granted (for claw-backs and disputes) and the catalog plan
 * lookup.
 */
import { type Catalog, findPlan, type Plan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { ClawBack, CloseDispute, HoldDispute, PaymentCommand } from '../payments/commands.ts';
import { type PaymentOutcome, paymentObjectKey } from '../payments/ledger-port.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { type CustomerState, openCustomer } from './ledger.ts';

/**
 * A write abandoned on purpose: every write of it is rolled back (the store rolls back an
 * `ok: false` answer), then the port either answers `duplicate` or runs again locking `relock`.
 */
export interface PaymentAbort {
  readonly ok: false;
  readonly abort: { readonly duplicateKey: string } | { readonly relock: string };
}

/** What applying one command inside the write answers. */
export type PaymentStep = Result<PaymentOutcome> | PaymentAbort;

/** The transaction and what every kind needs: the tenant, its catalog and the locked customer. */
export interface PaymentTx {
  readonly tx: StoreTx;
  readonly tenantId: string;
  readonly catalog: Catalog;
  /** The customer this write locked (the command's, or the claw-back's lot owner), if any. */
  readonly lockedCustomerId: string | null;
}

/**
 * Records the command's payment object as applied; answers an abort (rolling back the event
 * claim too) when another event already applied it, or null to go on.
 */
export async function claimPaymentObject(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  command: PaymentCommand,
): Promise<PaymentAbort | null> {
  const key = paymentObjectKey(command);
  if (key === null) return null;
  if (await tx.payments.claimObject(tenantId, key, command.eventId, ctx.now())) return null;
  return { ok: false, abort: { duplicateKey: key } };
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
 * lot it granted and opens that lot's customer. Answers the step's answer instead when it
 * cannot go on: deferred until the grant arrives, relock (the lot belongs to a customer this
 * write did not lock), or already applied by another event.
 */
export async function openPaymentLot(
  ctx: EngineContext,
  { tx, tenantId, catalog, lockedCustomerId }: PaymentTx,
  command: ClawBack | HoldDispute | CloseDispute,
): Promise<{ readonly lot: PaymentLot } | { readonly answer: PaymentStep }> {
  const { clawedBack } = await tx.payments.lockRef(tenantId, command.paymentRef, ctx.now());
  const found = await tx.payments.findLotByRef(tenantId, command.paymentRef);
  if (found === null) {
    await tx.payments.insertDeferred(tenantId, command.paymentRef, command.eventId, command, ctx.now());
    return { answer: ok({ status: 'deferred', reason: `no grant for ${command.paymentRef} yet` }) };
  }
  // The lot appeared, or belongs to someone else, since the lookup before the write.
  if (found.customerId !== lockedCustomerId)
    return { answer: { ok: false, abort: { relock: found.customerId } } };
  const aborted = await claimPaymentObject(ctx, tx, tenantId, command);
  if (aborted !== null) return { answer: aborted };
  const opened = await openCustomer(ctx, tx, tenantId, found.customerId, catalog);
  if (!opened.ok) return { answer: opened };
  return { lot: { state: opened.value, lotId: found.lotId, clawedBack } };
}
