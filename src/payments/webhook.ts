/**
 * Verifying incoming Stripe webhooks. Credits are granted only from events whose signature
 * checks out on the exact raw body, with the SDK's own verifier and a 300 s tolerance, so a
 * replayed, forged or edited request never reaches the ledger.
 */
import Stripe from 'stripe';
import { type DomainError, fail, ok, type Result } from '../domain/errors.ts';

/** Oldest signature timestamp accepted, in seconds (Stripe's default, stated here on purpose). */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The header Stripe signs its webhooks with. */
export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';

/** Why a webhook was refused; `details.reason` on the error. */
export type SignatureFailure =
  | 'missing_secret'
  | 'missing_header'
  | 'signature_mismatch'
  | 'timestamp_outside_tolerance'
  | 'malformed_header'
  | 'malformed_payload';

/**
 * Verifies a Stripe webhook and parses its event. `rawBody` must be the bytes as received
 * (a re-serialized JSON body never verifies). Refusals are `invalid_request` errors with
 * `param: 'stripe-signature'` and `details.reason` saying which check failed.
 */
export function verifyStripeEvent(
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
  secret: string | null,
  options: { readonly now?: number } = {},
): Result<Stripe.Event> {
  if (secret === null || secret === '') {
    return refuse('missing_secret', 'this tenant has no Stripe webhook signing secret configured');
  }
  if (signatureHeader === undefined || signatureHeader === '') {
    return refuse('missing_header', 'the Stripe-Signature header is missing');
  }
  try {
    const event = Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      STRIPE_SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      options.now,
    );
    return ok(event);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return refuse(classifySignatureError(error.message), `Stripe signature refused: ${error.message}`);
    }
    if (error instanceof SyntaxError) {
      return refuse('malformed_payload', 'the webhook body is signed but is not JSON');
    }
    throw error;
  }
}

/** Names the check that failed from the SDK's message (the SDK has one error class for all). */
function classifySignatureError(message: string): SignatureFailure {
  if (message.includes('Timestamp outside the tolerance zone')) return 'timestamp_outside_tolerance';
  if (message.includes('Unable to extract') || message.includes('No signatures found with expected scheme')) {
    return 'malformed_header';
  }
  if (message.includes('No webhook payload')) return 'malformed_payload';
  return 'signature_mismatch';
}

function refuse(
  reason: SignatureFailure,
  message: string,
): { readonly ok: false; readonly error: DomainError } {
  return fail('invalid_request', message, STRIPE_SIGNATURE_HEADER, { reason });
}
