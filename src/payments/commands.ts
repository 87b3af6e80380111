/**
 * What a verified Stripe event asks the ledger to do, as plain typed data. `translate.ts`
 * produces these from Stripe events; the engine applies them through `ledger-port.ts`.
 * Nothing here depends on the Stripe SDK, so the engine never sees a Stripe type.
 *
 * Amounts of credits always come from the catalog (never from event metadata); times are
 * epoch milliseconds, like everywhere else in Tollgate.
 */
import type { Cents, Credits } from '../domain/credits.ts';

/** Fields every command carries: which Stripe event asked for it and when Stripe created it. */
export interface CommandBase {
  /** Stripe event id (`evt_...`): the first idempotency key. */
  readonly eventId: string;
  /** When Stripe created the event (epoch ms): orders subscription events that arrive out of order. */
  readonly occurredAt: number;
}

/** A paid one-time Checkout for a pack: a purchased lot with its cost basis. */
export interface GrantPurchase extends CommandBase {
  readonly kind: 'grant_purchase';
  /** The payment object (PaymentIntent id, else the Checkout Session id): the second idempotency key. */
  readonly paymentRef: string;
  readonly checkoutSessionId: string;
  /** The tenant's own customer id. */
  readonly customerId: string;
  readonly stripeCustomerId: string | null;
  readonly packId: string;
  /** The pack's credits, from the catalog. */
  readonly credits: Credits;
  /** Money actually received for these credits, before tax (what the lot cost the customer). */
  readonly costBasisCents: Cents;
  readonly currency: string;
}

/** A paid subscription invoice: the plan's allowance for the period [periodStart, periodEnd). */
export interface PlanPeriodPaid extends CommandBase {
  /** `start_subscription` for the first invoice, `renew_plan` for every later one. */
  readonly kind: 'start_subscription' | 'renew_plan';
  /** The invoice (`in_...`): the payment object key, one allowance per invoice. */
  readonly invoiceId: string;
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly stripeCustomerId: string | null;
  readonly planId: string;
  /** The plan's monthly credits, from the catalog. */
  readonly credits: Credits;
  readonly periodStart: number;
  readonly periodEnd: number;
  /** The PaymentIntent that paid the invoice when the event names it, so a refund can find it. */
  readonly paymentRef: string | null;
  readonly amountPaidCents: Cents;
}

export interface StartSubscription extends PlanPeriodPaid {
  readonly kind: 'start_subscription';
}

export interface RenewPlan extends PlanPeriodPaid {
  readonly kind: 'renew_plan';
}

/** The subscription now points at another plan (upgrade, downgrade) or changed its schedule. */
export interface ChangePlan extends CommandBase {
  readonly kind: 'change_plan';
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly stripeCustomerId: string | null;
  readonly planId: string;
  /** Current period of the subscription when the event names it. */
  readonly periodStart: number | null;
  readonly periodEnd: number | null;
  /** The customer asked to stop at the end of the period; the plan stays until `cancel_plan`. */
  readonly cancelAtPeriodEnd: boolean;
}

/** The subscription ended: the customer falls back to the catalog's default plan. */
export interface CancelPlan extends CommandBase {
  readonly kind: 'cancel_plan';
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly stripeCustomerId: string | null;
  /** The plan the subscription was on, when it can be told. */
  readonly previousPlanId: string | null;
  /** The catalog's default plan. */
  readonly downgradeToPlanId: string;
  readonly endedAt: number;
}

/** Money went back (refund) or is contested (dispute): take back the unspent credits, flag the customer. */
export interface ClawBack extends CommandBase {
  readonly kind: 'claw_back';
  /** PaymentIntent id (else charge id): matches the `paymentRef` of the grant it undoes. */
  readonly paymentRef: string;
  readonly chargeId: string;
  readonly reason: 'refund' | 'dispute';
  /** What the charge was for, and how much of it is refunded or disputed so far (cumulative). */
  readonly amountCents: Cents;
  readonly reversedCents: Cents;
}

/**
 * A dispute opened (`charge.dispute.created`): the purchase's unspent credits stop being
 * spendable (held back in the `disputed` account) but are not clawed back until it is lost.
 */
export interface HoldDispute extends CommandBase {
  readonly kind: 'hold_dispute';
  /** The Stripe dispute (`dp_...`): the payment object key, one hold per dispute. */
  readonly disputeId: string;
  /** PaymentIntent id (else charge id): matches the `paymentRef` of the grant it disputes. */
  readonly paymentRef: string;
  readonly chargeId: string;
}

/** A dispute closed (`charge.dispute.closed`): won gives the held credits back, lost claws them back. */
export interface CloseDispute extends CommandBase {
  readonly kind: 'close_dispute';
  readonly disputeId: string;
  readonly paymentRef: string;
  readonly chargeId: string;
  /** `won` (also an inquiry closed without a chargeback, `warning_closed`) or `lost`. */
  readonly outcome: 'won' | 'lost';
}

/**
 * A card saved for auto top-up (`setup_intent.succeeded` of a setup-mode Checkout Tollgate
 * opened, issue 17 item 1): the customer's payment method for off-session charges.
 */
export interface SavePaymentMethod extends CommandBase {
  readonly kind: 'save_payment_method';
  /** The SetupIntent (`seti_...`): the payment object key. */
  readonly setupIntentId: string;
  readonly customerId: string;
  readonly stripeCustomerId: string;
  readonly paymentMethodId: string;
}

/**
 * An auto top-up's off-session PaymentIntent succeeded (`payment_intent.succeeded`): grant the
 * credits the attempt recorded when it was claimed (never an amount from the event).
 */
export interface GrantAutoTopUp extends CommandBase {
  readonly kind: 'grant_auto_top_up';
  /** The PaymentIntent: the payment object key and the lot's ref (refunds and disputes find it). */
  readonly paymentRef: string;
  /** Tollgate's attempt id, from the PaymentIntent's metadata. */
  readonly attemptId: string;
  readonly customerId: string;
  readonly stripeCustomerId: string | null;
  /** What Stripe says it received, checked against the attempt. */
  readonly amountCents: Cents;
  readonly currency: string;
}

/** An auto top-up's PaymentIntent failed (`payment_intent.payment_failed`): turn auto top-up off and say why. */
export interface FailAutoTopUp extends CommandBase {
  readonly kind: 'fail_auto_top_up';
  readonly paymentRef: string;
  readonly attemptId: string;
  readonly customerId: string;
  /** Stripe's decline code or error code (`card_declined`, `authentication_required`, ...). */
  readonly code: string;
  readonly message: string;
}

/** An event Tollgate does not act on, with the reason (logged, answered 200 so Stripe stops retrying). */
export interface IgnoreEvent extends CommandBase {
  readonly kind: 'ignore';
  readonly eventType: string;
  readonly reason: string;
  /** True when money moved but Tollgate cannot act on it (no customer, pack or plan): an operator must look. */
  readonly needsAttention: boolean;
}

/** Everything a Stripe event can turn into. */
export type PaymentCommand =
  | GrantPurchase
  | StartSubscription
  | RenewPlan
  | ChangePlan
  | CancelPlan
  | ClawBack
  | HoldDispute
  | CloseDispute
  | SavePaymentMethod
  | GrantAutoTopUp
  | FailAutoTopUp
  | IgnoreEvent;

export type PaymentCommandKind = PaymentCommand['kind'];
