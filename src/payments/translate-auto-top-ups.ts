/**
 * Translating the Stripe events of auto top-up (issue 17 item 1), pure like `translate.ts`:
 * a card saved by a setup-mode Checkout (`setup_intent.succeeded`), and the off-session
 * PaymentIntent that succeeded or failed. Only objects Tollgate made for auto top-up (its
 * metadata keys) are acted on; every other PaymentIntent or SetupIntent is ignored, so pack
 * checkouts, whose PaymentIntents also succeed, are granted by their session event alone.
 */
import { cents } from '../domain/credits.ts';
import { MetadataKey, readCustomerRef, readStripeCustomerId } from './attribution.ts';
import type { PaymentCommand } from './commands.ts';
import { baseOf, ignoreEvent, type StripeEventLike } from './event-base.ts';
import { readId, readInteger, readRecord, readString } from './stripe-object.ts';

/** What a setup-mode Checkout for auto top-up puts on its SetupIntent's metadata. */
export const AUTO_TOP_UP_PURPOSE = 'auto_top_up';

/** A SetupIntent that saved a card for auto top-up becomes the customer's payment method. */
export function translateSetupSucceeded(event: StripeEventLike): PaymentCommand {
  const intent = event.data.object;
  const metadata = readRecord(intent, 'metadata');
  if (readString(metadata, MetadataKey.purpose) !== AUTO_TOP_UP_PURPOSE)
    return ignoreEvent(event, 'the SetupIntent was not made for auto top-up');
  const setupIntentId = readString(intent, 'id');
  const paymentMethodId = readId(intent, 'payment_method');
  const stripeCustomerId = readStripeCustomerId(intent);
  const { customerId } = readCustomerRef(intent);
  if (
    setupIntentId === undefined ||
    paymentMethodId === undefined ||
    stripeCustomerId === null ||
    customerId === null
  )
    return ignoreEvent(event, 'the SetupIntent names no customer or payment method', true);
  return {
    kind: 'save_payment_method',
    ...baseOf(event),
    setupIntentId,
    customerId,
    stripeCustomerId,
    paymentMethodId,
  };
}

/** The auto top-up fields of a PaymentIntent, or an `ignore` for one Tollgate did not make for it. */
function readAutoTopUpIntent(
  event: StripeEventLike,
): { paymentRef: string; attemptId: string; customerId: string } | PaymentCommand {
  const intent = event.data.object;
  const attemptId = readString(readRecord(intent, 'metadata'), MetadataKey.autoTopUp);
  if (attemptId === undefined) return ignoreEvent(event, 'the PaymentIntent is not an auto top-up');
  const paymentRef = readString(intent, 'id');
  const { customerId } = readCustomerRef(intent);
  if (paymentRef === undefined || customerId === null)
    return ignoreEvent(event, `auto top-up ${attemptId} names no PaymentIntent id or customer`, true);
  return { paymentRef, attemptId, customerId };
}

/** An auto top-up's PaymentIntent succeeded: the attempt's credits are granted. */
export function translatePaymentIntentSucceeded(event: StripeEventLike): PaymentCommand {
  const read = readAutoTopUpIntent(event);
  if ('kind' in read) return read;
  const intent = event.data.object;
  const received = readInteger(intent, 'amount_received') ?? readInteger(intent, 'amount');
  if (received === undefined || received <= 0)
    return ignoreEvent(event, `auto top-up ${read.attemptId} shows no amount received`, true);
  return {
    kind: 'grant_auto_top_up',
    ...baseOf(event),
    ...read,
    stripeCustomerId: readStripeCustomerId(intent),
    amountCents: cents(received),
    currency: (readString(intent, 'currency') ?? '').toLowerCase(),
  };
}

/** An auto top-up's PaymentIntent failed (declined, or needs the customer to authenticate). */
export function translatePaymentIntentFailed(event: StripeEventLike): PaymentCommand {
  const read = readAutoTopUpIntent(event);
  if ('kind' in read) return read;
  const error = readRecord(event.data.object, 'last_payment_error');
  const code = readString(error, 'code') ?? readString(error, 'decline_code') ?? 'payment_failed';
  const message = readString(error, 'message') ?? 'the card was not charged';
  return { kind: 'fail_auto_top_up', ...baseOf(event), ...read, code, message };
}
