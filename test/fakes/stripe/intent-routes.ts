/**
 * Off-session PaymentIntents in the fake Stripe (auto top-up, issue 17 item 1). The saved
 * payment method decides the outcome, with Stripe's own test names: `pm_card_chargeDeclined`
 * is declined (402 `card_error`, `card_declined`), `pm_card_authenticationRequired` needs the
 * customer to authenticate (402 `card_error`, `authentication_required`, as Stripe answers an
 * off-session confirm), any other succeeds with a charge. Each emits the event Stripe would
 * send (`payment_intent.succeeded` or `payment_intent.payment_failed`) into `state.events`.
 */
import { buildChargeObject, buildStripeEvent } from '../../../src/payments/test-events.ts';
import { invalidParam, noSuchObject, type StripeErrorAnswer } from './errors.ts';
import type { Answer, Route, RouteContext } from './routes.ts';
import { readMetadata, readText } from './routes.ts';
import { type FakeStripeState, newStripeId, type StripeObject } from './state.ts';

const ID = '([A-Za-z0-9_]+)';

export const INTENT_ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/v1\/payment_intents$/, handle: createPaymentIntent },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/payment_intents/${ID}$`),
    handle: ({ state, params }) => {
      const intent = state.paymentIntents.get(params[0] ?? '');
      return intent === undefined
        ? noSuchObject('payment_intent', params[0] ?? '')
        : { status: 200, body: intent };
    },
  },
];

const FAILURES: Record<string, { code: string; decline_code: string; message: string }> = {
  pm_card_chargeDeclined: {
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  },
  pm_card_authenticationRequired: {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
};

function emit(state: FakeStripeState, type: string, object: StripeObject): void {
  const event = buildStripeEvent(type, structuredClone(object), {
    id: newStripeId('evt'),
    created: state.clock(),
  });
  state.events.push(event as unknown as StripeObject);
}

function createPaymentIntent({ state, body }: RouteContext): Answer | StripeErrorAnswer {
  const amount = Number(readText(body.amount));
  if (!Number.isSafeInteger(amount) || amount < 50)
    return invalidParam('amount', 'amount must be at least 50 cents');
  const currency = readText(body.currency);
  if (currency === undefined) return invalidParam('currency', 'currency is required');
  const customer = readText(body.customer);
  if (customer !== undefined && !state.customers.has(customer))
    return noSuchObject('customer', customer, 'customer');
  const paymentMethod = readText(body.payment_method);
  if (paymentMethod === undefined) return invalidParam('payment_method', 'payment_method is required');
  const owner = state.paymentMethods.get(paymentMethod);
  if (owner === undefined) return noSuchObject('payment_method', paymentMethod, 'payment_method');
  if (owner !== customer)
    return invalidParam(
      'payment_method',
      `the payment method belongs to customer ${owner}, not ${customer ?? '(none)'}`,
    );
  if (readText(body.confirm) !== 'true' || readText(body.off_session) !== 'true')
    return invalidParam('confirm', 'the fake only serves confirmed off-session PaymentIntents');
  const intent: StripeObject = {
    id: newStripeId('pi'),
    object: 'payment_intent',
    amount,
    amount_received: 0,
    currency,
    customer: customer ?? null,
    payment_method: paymentMethod,
    description: readText(body.description) ?? null,
    metadata: readMetadata(body.metadata),
    status: 'processing',
    last_payment_error: null,
    latest_charge: null,
    created: state.clock(),
    livemode: false,
  };
  state.paymentIntents.set(intent.id as string, intent);
  const failure = FAILURES[paymentMethod];
  if (failure !== undefined) {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = { type: 'card_error', ...failure };
    emit(state, 'payment_intent.payment_failed', intent);
    return {
      status: 402,
      body: { error: { type: 'card_error', ...failure, payment_intent: intent } },
    } as unknown as StripeErrorAnswer;
  }
  const charge = buildChargeObject({
    id: newStripeId('ch'),
    paymentIntentId: intent.id as string,
    stripeCustomerId: customer ?? null,
    amount,
    amountRefunded: 0,
    currency,
  });
  state.charges.set(charge.id as string, charge);
  intent.status = 'succeeded';
  intent.amount_received = amount;
  intent.latest_charge = charge.id;
  emit(state, 'payment_intent.succeeded', intent);
  return { status: 200, body: intent };
}
