/**
 * The whole incoming Stripe webhook in one call: verify the signature on the raw body,
 * translate the event, apply it through the ledger port. The HTTP route (and the offline test
 * checkout, which posts through that same route) only maps the result to a status:
 * a refused signature is 400 and writes nothing; everything else is 200 unless the ledger
 * fails, so Stripe retries only what could succeed later.
 */
import type { Catalog } from '../domain/catalog.ts';
import type { Result } from '../domain/errors.ts';
import { ok } from '../domain/errors.ts';
import type { PaymentCommand } from './commands.ts';
import type { PaymentLedgerPort, PaymentOutcome } from './ledger-port.ts';
import { translateStripeEvent } from './translate.ts';
import { verifyStripeEvent } from './webhook.ts';

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
  const command = translateStripeEvent(event, { catalog: request.catalog, tenantId: request.tenantId });
  const applied = await ledger.applyPaymentCommand(request.tenantId, command);
  if (!applied.ok) return applied;
  return ok({ eventId: event.id, eventType: event.type, command, outcome: applied.value });
}
