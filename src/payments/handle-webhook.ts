/**
 * The whole incoming Stripe webhook in one call: verify the signature on the raw body,
 * translate the event, apply it through the ledger port. The HTTP route (and the offline test
 * checkout, which posts through that same route) only maps the result to a status:
 * a refused signature is 400 and writes nothing; everything else is 200 unless the ledger
 * fails, so Stripe retries only what could succeed later.
 */
import type { Catalog } from '../domain/catalog.ts';
import type { Result } from '../domain/errors.ts';
import { fail, ok } from '../domain/errors.ts';
import type { PaymentCommand } from './commands.ts';
import { ignoreEvent } from './event-base.ts';
import type { PaymentLedgerPort, PaymentOutcome } from './ledger-port.ts';
import { translateStripeEvent } from './translate.ts';
import { STRIPE_SIGNATURE_HEADER, STRIPE_SIGNATURE_TOLERANCE_SECONDS, verifyStripeEvent } from './webhook.ts';

/** One received webhook request, as the HTTP layer has it. */
export interface IncomingStripeWebhook {
  readonly tenantId: string;
  readonly rawBody: Buffer | string;
  readonly signatureHeader: string | undefined;
  /** The tenant's signing secret (`resolveStripeSetup(...).webhookSecret`). */
  readonly webhookSecret: string | null;
  readonly catalog: Catalog;
  /** Epoch ms for the signature's age check; the real clock when absent. */
  readonly now?: number;
}

/** What happened: the command the event became and what the ledger did with it. */
export interface HandledStripeWebhook {
  readonly eventId: string;
  readonly eventType: string;
  readonly command: PaymentCommand;
  readonly outcome: PaymentOutcome;
}

/**
 * Verifies, translates and applies one Stripe webhook. Verification failures come back as
 * `invalid_request` errors before anything is read or written; ledger failures as the
 * ledger's own errors.
 */
export async function handleStripeWebhook(
  request: IncomingStripeWebhook,
  ledger: PaymentLedgerPort,
): Promise<Result<HandledStripeWebhook>> {
  const verified = verifyStripeEvent(
    request.rawBody,
    request.signatureHeader,
    request.webhookSecret,
    request.now === undefined ? {} : { now: request.now },
  );
  if (!verified.ok) return verified;
  const event = verified.value;
  if (!hasEventShape(event)) {
    return fail(
      'invalid_request',
      'the signed webhook body is not a Stripe event (id, type, created)',
      STRIPE_SIGNATURE_HEADER,
      {
        reason: 'malformed_payload',
      },
    );
  }
  const future = findFutureTimestamp(event, request.signatureHeader, request.now ?? Date.now());
  const command =
    future === null
      ? translateStripeEvent(event, { catalog: request.catalog, tenantId: request.tenantId })
      : ignoreEvent(event, future, true);
  const applied = await ledger.applyPaymentCommand(request.tenantId, command);
  if (!applied.ok) return applied;
  return ok({ eventId: event.id, eventType: event.type, command, outcome: applied.value });
}

/** Whether a verified body has what recording an event needs: an id, a type and a creation time. */
function hasEventShape(event: { id?: unknown; type?: unknown; created?: unknown }): boolean {
  return (
    typeof event.id === 'string' &&
    event.id !== '' &&
    typeof event.type === 'string' &&
    typeof event.created === 'number' &&
    Number.isSafeInteger(event.created)
  );
}

/**
 * Why the event's times lie in the future beyond the signature tolerance (the SDK only refuses
 * timestamps too old), or null. Such an event grants nothing and is kept for an operator: a
 * genuine Stripe clock is never that far ahead, so either ours is wrong or the secret leaked.
 */
function findFutureTimestamp(
  event: { created: number },
  header: string | undefined,
  now: number,
): string | null {
  const limit = now + STRIPE_SIGNATURE_TOLERANCE_SECONDS * 1000;
  const signed = /(?:^|,)\s*t=(\d+)/.exec(header ?? '')?.[1];
  if (signed !== undefined && Number(signed) * 1000 > limit)
    return `the signature timestamp ${signed} is more than ${STRIPE_SIGNATURE_TOLERANCE_SECONDS} s in the future`;
  if (event.created * 1000 > limit)
    return `the event was created at ${event.created}, more than ${STRIPE_SIGNATURE_TOLERANCE_SECONDS} s in the future`;
  return null;
}
