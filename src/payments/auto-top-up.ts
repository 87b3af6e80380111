/**
 * Auto top-up at Stripe (issue 17 item 1): the setup-mode Checkout that saves a card for
 * off-session use, and the off-session PaymentIntent that charges it. Nothing is granted
 * here: the credits come with the verified `payment_intent.succeeded` webhook. The engine sees
 * only `OffSessionOutcome`, never a Stripe type.
 */
import Stripe from 'stripe';
import { buildCustomerMetadata, MetadataKey } from './attribution.ts';
import { ensureStripeCustomer, type StripeCustomerOwner } from './customers.ts';
import { AUTO_TOP_UP_PURPOSE } from './translate-auto-top-ups.ts';

export interface SetupCheckoutInput {
  readonly stripe: Stripe;
  readonly customer: StripeCustomerOwner;
  readonly currency: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly idempotencyKey: string;
}

/** The setup Checkout to send the customer to, and their Stripe customer to remember. */
export interface SetupCheckoutLink {
  readonly sessionId: string;
  readonly url: string;
  readonly stripeCustomerId: string;
}

/**
 * Opens a Checkout Session in `setup` mode: the customer saves a card for later off-session
 * charges, and its SetupIntent carries our metadata so `setup_intent.succeeded` names them.
 */
export async function createSetupCheckout(input: SetupCheckoutInput): Promise<SetupCheckoutLink> {
  const stripeCustomerId = await ensureStripeCustomer(input.stripe, input.customer);
  const owner = buildCustomerMetadata(input.customer.tenantId, input.customer.id);
  const session = await input.stripe.checkout.sessions.create(
    {
      mode: 'setup',
      customer: stripeCustomerId,
      currency: input.currency,
      client_reference_id: input.customer.id,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      metadata: { ...owner, [MetadataKey.purpose]: AUTO_TOP_UP_PURPOSE },
      setup_intent_data: { metadata: { ...owner, [MetadataKey.purpose]: AUTO_TOP_UP_PURPOSE } },
    },
    { idempotencyKey: input.idempotencyKey },
  );
  if (session.url === null) throw new Error(`Stripe answered setup session ${session.id} without a url`);
  return { sessionId: session.id, url: session.url, stripeCustomerId };
}

/** One top-up to charge, as claimed by the engine. */
export interface OffSessionCharge {
  readonly tenantId: string;
  readonly customerId: string;
  readonly attemptId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly credits: number;
  readonly stripeCustomerId: string | null;
  readonly paymentMethodId: string;
}

/** How the charge went: the PaymentIntent exists (the webhook grants), or the card failed. */
export type OffSessionOutcome =
  | { readonly kind: 'created'; readonly paymentIntentId: string }
  | {
      readonly kind: 'failed';
      readonly code: string;
      readonly message: string;
      readonly paymentIntentId: string | null;
    };

/** Stripe's idempotency key of an attempt: a retry of the same attempt makes one PaymentIntent. */
export function offSessionIdempotencyKey(charge: Pick<OffSessionCharge, 'tenantId' | 'attemptId'>): string {
  return `tollgate-auto-top-up-${charge.tenantId}-${charge.attemptId}`;
}

/**
 * Charges the saved card off-session (`confirm: true`). A decline or a card that needs the
 * customer to authenticate (`requires_action`, `authentication_required`) is a `failed`
 * outcome; Stripe being unreachable or refusing our keys throws (the attempt stays pending and
 * is charged again later with the same idempotency key).
 */
export async function chargeOffSession(stripe: Stripe, charge: OffSessionCharge): Promise<OffSessionOutcome> {
  try {
    const intent = await stripe.paymentIntents.create(
      {
        amount: charge.amountCents,
        currency: charge.currency,
        payment_method: charge.paymentMethodId,
        off_session: true,
        confirm: true,
        description: `Auto top-up: ${charge.credits} credits`,
        metadata: {
          ...buildCustomerMetadata(charge.tenantId, charge.customerId),
          [MetadataKey.autoTopUp]: charge.attemptId,
        },
        ...(charge.stripeCustomerId === null ? {} : { customer: charge.stripeCustomerId }),
      },
      { idempotencyKey: offSessionIdempotencyKey(charge) },
    );
    return describeIntent(intent);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) {
      const raw = error.raw as { payment_intent?: { id?: string } } | undefined;
      return {
        kind: 'failed',
        code: error.code ?? error.decline_code ?? 'card_declined',
        message: error.message,
        paymentIntentId: raw?.payment_intent?.id ?? null,
      };
    }
    throw error;
  }
}

function describeIntent(intent: Stripe.PaymentIntent): OffSessionOutcome {
  if (intent.status === 'succeeded' || intent.status === 'processing')
    return { kind: 'created', paymentIntentId: intent.id };
  if (intent.status === 'requires_action' || intent.status === 'requires_confirmation') {
    return {
      kind: 'failed',
      code: 'authentication_required',
      message:
        'the card needs the customer to authenticate this payment, which an off-session charge cannot do',
      paymentIntentId: intent.id,
    };
  }
  const error = intent.last_payment_error;
  return {
    kind: 'failed',
    code: error?.code ?? error?.decline_code ?? intent.status,
    message: error?.message ?? `the payment ended ${intent.status}`,
    paymentIntentId: intent.id,
  };
}
