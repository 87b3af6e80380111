/**
 * TEST MODE plan changes for customers who already subscribe: the stand-in for Stripe's
 * portal "confirm this update" page. Nothing is stored: the change travels in its URL as a
 * token signed (HMAC-SHA256) with the tenant's local webhook secret, which only this server
 * knows, and expires after 24 hours like a test checkout. Confirming signs a
 * `customer.subscription.updated` event and posts it through the Stripe webhook route; its
 * event id comes from the token, so confirming twice changes the plan once.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { fail, ok, type Result } from '../../domain/errors.ts';
import type { CurrentSubscription } from '../../engine/stripe-customers.ts';
import { TEST_CHECKOUT_TTL_MS } from '../../engine/test-checkouts.ts';
import { createTestPlanChange } from '../../payments/test-plan-change.ts';
import { STRIPE_SIGNATURE_HEADER } from '../../payments/webhook.ts';
import type { AppDeps } from '../route.ts';
import { loadTenantPayments } from './setup.ts';
import { testStripeCustomerId } from './test-checkouts.ts';

/** What a plan-change token says. */
export interface TestPlanChange {
  readonly tenantId: string;
  readonly customerId: string;
  readonly subscriptionId: string;
  readonly planId: string;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly expiresAt: number;
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Makes the token of a plan change for the customer's current subscription. */
export function signTestPlanChange(
  input: Omit<TestPlanChange, 'expiresAt' | 'subscriptionId' | 'periodStart' | 'periodEnd'>,
  current: CurrentSubscription,
  secret: string,
  now: number,
): string {
  const change: TestPlanChange = {
    ...input,
    subscriptionId: current.subscriptionId,
    periodStart: current.periodStart,
    periodEnd: current.periodEnd,
    expiresAt: now + TEST_CHECKOUT_TTL_MS,
  };
  const payload = Buffer.from(JSON.stringify(change)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The id a plan change is known by (answers, event id): derived from its token. */
export function testPlanChangeId(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 24);
}

/** Reads a token back; `not_found` when forged, expired, or the tenant now has Stripe keys. */
export async function readTestPlanChange(
  deps: AppDeps,
  token: string,
): Promise<Result<{ change: TestPlanChange; secret: string }>> {
  const gone = fail('not_found', 'this plan change link expired or is not valid; start again', 'token');
  const [payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return gone;
  let change: TestPlanChange;
  try {
    change = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TestPlanChange;
  } catch {
    return gone;
  }
  if (!deps.testCheckouts) return gone;
  if (typeof change?.tenantId !== 'string' || !(change.expiresAt > deps.now())) return gone;
  const payments = await loadTenantPayments(deps, change.tenantId);
  if (!payments.ok || payments.value.setup.mode !== 'test') return gone;
  const secret = payments.value.setup.webhookSecret;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return gone;
  return ok({ change, secret });
}

/** Confirms a plan change: its signed event through the Stripe webhook route; answers where to go next. */
export async function confirmTestPlanChange(
  deps: AppDeps,
  app: FastifyInstance,
  token: string,
): Promise<Result<{ readonly redirect: string; readonly outcome: string }>> {
  const read = await readTestPlanChange(deps, token);
  if (!read.ok) return read;
  const { change, secret } = read.value;
  const payments = await loadTenantPayments(deps, change.tenantId);
  if (!payments.ok) return payments;
  const delivery = createTestPlanChange({
    ...change,
    catalog: payments.value.catalog,
    stripeCustomerId: testStripeCustomerId(change.tenantId, change.customerId),
    eventId: `evt_tollgate_test_${testPlanChangeId(token)}`,
    webhookSecret: secret,
    now: deps.now(),
  });
  if (!delivery.ok) return delivery;
  const answer = await app.inject({
    method: 'POST',
    url: `/v1/webhooks/stripe/${encodeURIComponent(change.tenantId)}`,
    headers: {
      'content-type': 'application/json',
      [STRIPE_SIGNATURE_HEADER]: delivery.value.signatureHeader,
    },
    payload: delivery.value.payload,
  });
  if (answer.statusCode >= 500) throw new Error(`the webhook route answered ${answer.statusCode}`);
  const body = answer.json() as { outcome?: string; error?: { message?: string } };
  if (answer.statusCode !== 200 || body.outcome === undefined || body.outcome === 'refused') {
    const reason = body.error?.message ?? `the webhook route answered ${answer.statusCode}`;
    return fail('invalid_request', `the plan change was not accepted: ${reason}`, 'token');
  }
  return ok({ redirect: change.successUrl, outcome: body.outcome });
}
