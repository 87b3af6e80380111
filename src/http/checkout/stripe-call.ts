/**
 * Calling Stripe from a route: the SDK's failures sorted into the caller's refusals and the
 * 502 a route answers, and the refusal for a tenant without Stripe keys. Shared by checkouts,
 * plan changes and the billing portal.
 */
import { fail, type Result } from '../../domain/errors.ts';
import { classifyStripeError } from '../../payments/stripe-errors.ts';

/**
 * A Stripe SDK failure (Stripe down, keys refused): answered 502 by the routes, unlike the
 * `Result` refusals, which are the caller's to fix.
 */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly stripeType: string,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

/**
 * Runs Stripe requests: an idempotency clash becomes the caller's `idempotency_conflict`,
 * any other Stripe failure throws `PaymentProviderError`, anything else (a bug) is rethrown.
 */
export async function callStripe<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (error) {
    const failure = classifyStripeError(error);
    if (failure === null) throw error;
    if (failure.kind === 'idempotency_conflict')
      return fail('idempotency_conflict', failure.message, 'Idempotency-Key');
    throw new PaymentProviderError(failure.message, failure.stripeType);
  }
}

/**
 * The refusal for a tenant without Stripe keys when offline test checkouts are closed (outside
 * demo mode, unless `TOLLGATE_TEST_CHECKOUT=on`): nothing may be "bought" without a payment.
 */
export function paymentsNotConfigured(tenantId: string): Result<never> {
  return fail(
    'payments_not_configured',
    `tenant ${tenantId} has no Stripe keys: set them (tollgate tenant create --stripe-secret-key, or STRIPE_SECRET_KEY), or run the server with TOLLGATE_TEST_CHECKOUT=on to try checkouts offline`,
    'tenant',
  );
}
