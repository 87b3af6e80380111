/**
 * What a thrown Stripe SDK error means for the caller of a checkout or portal request, so the
 * HTTP layer can answer it without importing the SDK: an idempotency clash is the caller's
 * (409), anything else is Stripe being unreachable or refusing our keys (502, an operator
 * problem). Errors that are not Stripe's are bugs and are rethrown by the caller.
 */
import Stripe from 'stripe';

/** The kind of Stripe failure, or null when the error did not come from Stripe. */
export type StripeFailure =
  | {
      readonly kind: 'idempotency_conflict';
      readonly message: string;
    }
  | {
      /** Network failure, bad key, rate limit, Stripe outage or a request Stripe refused. */
      readonly kind: 'stripe_unavailable';
      readonly stripeType: string;
      readonly message: string;
    };

/** Classifies an error thrown by the Stripe SDK; null for anything else. */
export function classifyStripeError(error: unknown): StripeFailure | null {
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return {
      kind: 'idempotency_conflict',
      message: 'this Idempotency-Key was already used for a different checkout request',
    };
  }
  if (error instanceof Stripe.errors.StripeError) {
    return { kind: 'stripe_unavailable', stripeType: error.type, message: error.message };
  }
  return null;
}
