/**
 * Auto top-up in TEST MODE (no Stripe keys): the events Stripe would send for a saved card and
 * an off-session charge, signed with the tenant's local secret and sent through the same
 * webhook route as real ones (`test-checkout.ts` does the same for packs and plans). The test
 * card decides the outcome, with Stripe's own test payment method names:
 * `pm_card_chargeDeclined` is declined, `pm_card_authenticationRequired` needs authentication,
 * any other succeeds. Event ids come from the SetupIntent or attempt, so a retry grants once.
 */
import { buildCustomerMetadata, MetadataKey } from './attribution.ts';
import type { OffSessionCharge, OffSessionOutcome } from './auto-top-up.ts';
import { type SignedStripeDelivery, signTestEvent } from './test-checkout.ts';
import { buildStripeEvent, TEST_MODE_METADATA } from './test-events.ts';
import { AUTO_TOP_UP_PURPOSE } from './translate-auto-top-ups.ts';

/** Stripe's test payment methods that do not succeed. */
export const TEST_CARD_DECLINED = 'pm_card_chargeDeclined';
export const TEST_CARD_AUTHENTICATION = 'pm_card_authenticationRequired';
export const TEST_CARD_OK = 'pm_card_visa';

/** `setup_intent.succeeded` for a test card saved by `customerId`. */
export function signTestSetup(input: {
  readonly tenantId: string;
  readonly customerId: string;
  readonly stripeCustomerId: string;
  readonly paymentMethodId: string;
  /** Unique per setup (the request's idempotency digest). */
  readonly setupId: string;
  readonly webhookSecret: string;
  readonly now: number;
}): SignedStripeDelivery {
  const created = Math.floor(input.now / 1000);
  const id = `seti_tollgate_test_${input.setupId}`;
  const intent = {
    id,
    object: 'setup_intent',
    status: 'succeeded',
    usage: 'off_session',
    customer: input.stripeCustomerId,
    payment_method: input.paymentMethodId,
    metadata: {
      ...buildCustomerMetadata(input.tenantId, input.customerId),
      [MetadataKey.purpose]: AUTO_TOP_UP_PURPOSE,
      ...TEST_MODE_METADATA,
    },
    livemode: false,
    created,
  };
  const event = buildStripeEvent('setup_intent.succeeded', intent, {
    id: `evt_tollgate_test_${id}`,
    created,
  });
  return signTestEvent(event, input.webhookSecret, input.now);
}

/**
 * The off-session charge of a test card: a declined or authentication card fails at once (as
 * Stripe answers the create call); any other yields its signed `payment_intent.succeeded`.
 */
export function chargeTestCard(
  charge: OffSessionCharge,
  webhookSecret: string,
  now: number,
): { readonly outcome: OffSessionOutcome; readonly delivery: SignedStripeDelivery | null } {
  const paymentIntentId = `pi_tollgate_test_${charge.attemptId.replaceAll('-', '')}`;
  if (charge.paymentMethodId === TEST_CARD_DECLINED) {
    const outcome = {
      kind: 'failed',
      code: 'card_declined',
      message: 'TEST MODE: your card was declined.',
      paymentIntentId,
    } as const;
    return { outcome, delivery: null };
  }
  if (charge.paymentMethodId === TEST_CARD_AUTHENTICATION) {
    const outcome = {
      kind: 'failed',
      code: 'authentication_required',
      message: 'TEST MODE: the card needs the customer to authenticate this payment.',
      paymentIntentId,
    } as const;
    return { outcome, delivery: null };
  }
  const created = Math.floor(now / 1000);
  const intent = {
    id: paymentIntentId,
    object: 'payment_intent',
    status: 'succeeded',
    amount: charge.amountCents,
    amount_received: charge.amountCents,
    currency: charge.currency,
    customer: charge.stripeCustomerId,
    payment_method: charge.paymentMethodId,
    metadata: {
      ...buildCustomerMetadata(charge.tenantId, charge.customerId),
      [MetadataKey.autoTopUp]: charge.attemptId,
      ...TEST_MODE_METADATA,
    },
    livemode: false,
    created,
  };
  const event = buildStripeEvent('payment_intent.succeeded', intent, {
    id: `evt_tollgate_test_${paymentIntentId}`,
    created,
  });
  return {
    outcome: { kind: 'created', paymentIntentId },
    delivery: signTestEvent(event, webhookSecret, now),
  };
}
