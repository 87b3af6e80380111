/**
 * A small local fake of the Stripe REST API for tests. The REAL Stripe SDK talks to it over
 * HTTP (`createStripeClient({ apiBase: fake.apiBase })`), so tests exercise our request
 * building, the SDK's form encoding, error classes and idempotency keys, with no network and
 * no Stripe account. It serves only what Tollgate's flows use; every other URL answers
 * Stripe's 404 error shape. `scenario` plays what happens at Stripe afterwards (a customer
 * pays, a subscription renews, a charge is refunded) and answers the events Stripe would send.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StripeEventJson } from '../../src/payments/test-events.ts';
import { invalidApiKey, serviceUnavailable, unrecognizedUrl } from './stripe/errors.ts';
import { parseStripeForm } from './stripe/form.ts';
import { type Answer, ROUTES } from './stripe/routes.ts';
import * as scenarios from './stripe/scenarios.ts';
import { createFakeStripeState, type FakeStripeState } from './stripe/state.ts';

/** A running fake. */
export interface FakeStripe {
  /** `http://127.0.0.1:PORT`, for `STRIPE_API_BASE` / `createStripeClient({ apiBase })`. */
  readonly apiBase: string;
  readonly host: string;
  readonly port: number;
  /** A secret key the fake accepts. */
  readonly secretKey: string;
  readonly state: FakeStripeState;
  readonly scenario: {
    completeCheckout(sessionId: string, options?: { readonly paid?: boolean }): StripeEventJson[];
    renewSubscription(subscriptionId: string): StripeEventJson[];
    changeSubscriptionPrice(subscriptionId: string, unitAmount: number): StripeEventJson[];
    cancelSubscription(subscriptionId: string): StripeEventJson[];
    confirmPortalPlanChange(portalSessionId: string): StripeEventJson[];
    refundCharge(chargeId: string, amount?: number): StripeEventJson[];
    disputeCharge(chargeId: string): StripeEventJson[];
    closeDispute(disputeId: string, status: 'won' | 'lost' | 'warning_closed'): StripeEventJson[];
    completeSetup(sessionId: string, paymentMethod?: string): StripeEventJson[];
  };
  stop(): Promise<void>;
}

/** Starts a fake on 127.0.0.1 and a random free port. */
export async function startFakeStripe(): Promise<FakeStripe> {
  const state = createFakeStripeState();
  let baseUrl = '';
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => respond(response, answer(state, request, body, baseUrl)))
      .catch((error: unknown) =>
        respond(response, { status: 500, body: { error: { type: 'api_error', message: String(error) } } }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    apiBase: baseUrl,
    host: '127.0.0.1',
    port,
    secretKey: 'sk_test_tollgate_fake',
    state,
    scenario: {
      completeCheckout: (id, options) => scenarios.completeCheckout(state, id, options),
      renewSubscription: (id) => scenarios.renewSubscription(state, id),
      changeSubscriptionPrice: (id, amount) => scenarios.changeSubscriptionPrice(state, id, amount),
      cancelSubscription: (id) => scenarios.cancelSubscription(state, id),
      confirmPortalPlanChange: (id) => scenarios.confirmPortalPlanChange(state, id),
      refundCharge: (id, amount) => scenarios.refundCharge(state, id, amount),
      disputeCharge: (id) => scenarios.disputeCharge(state, id),
      closeDispute: (id, status) => scenarios.closeDispute(state, id, status),
      completeSetup: (id, paymentMethod) => scenarios.completeSetup(state, id, paymentMethod),
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Routes one request, honouring `Authorization` and `Idempotency-Key` as Stripe does. */
function answer(state: FakeStripeState, request: IncomingMessage, rawBody: string, baseUrl: string): Answer {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://fake');
  const body = parseStripeForm(method === 'GET' ? url.search.slice(1) : rawBody);
  const idempotencyKey = headerValue(request, 'idempotency-key');
  const record = (result: Answer): Answer => {
    state.requests.push({
      method,
      path: url.pathname,
      body,
      idempotencyKey,
      stripeVersion: headerValue(request, 'stripe-version'),
      status: result.status,
    });
    return result;
  };
  if (!(headerValue(request, 'authorization') ?? '').startsWith('Bearer sk_test_'))
    return record(invalidApiKey());
  if (state.outage) return record(serviceUnavailable());
  const replay =
    method === 'POST' && idempotencyKey !== null ? state.idempotentAnswers.get(idempotencyKey) : undefined;
  if (replay !== undefined) return record(replay);
  for (const route of ROUTES) {
    const match = route.method === method ? route.pattern.exec(url.pathname) : null;
    if (match === null) continue;
    const result = route.handle({ state, params: match.slice(1), body, baseUrl });
    if (method === 'POST' && idempotencyKey !== null) state.idempotentAnswers.set(idempotencyKey, result);
    return record(result);
  }
  return record(unrecognizedUrl(method, url.pathname));
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function respond(response: ServerResponse, result: Answer): void {
  const text = JSON.stringify(result.body);
  response.writeHead(result.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': `req_fake_${Date.now().toString(36)}`,
  });
  response.end(text);
}
