/**
 * The fake Stripe server's memory: every object it made, every request it received, every
 * event it emitted, so tests can assert on what Tollgate asked Stripe for.
 */
import { randomBytes } from 'node:crypto';
import type { FormObject } from './form.ts';

export type StripeObject = Record<string, unknown>;

/** One request as the fake received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: FormObject;
  readonly idempotencyKey: string | null;
  readonly stripeVersion: string | null;
  readonly status: number;
}

/** Everything the fake knows, by kind of object and id. */
export interface FakeStripeState {
  readonly customers: Map<string, StripeObject>;
  readonly checkoutSessions: Map<string, StripeObject>;
  readonly portalSessions: Map<string, StripeObject>;
  readonly portalConfigurations: Map<string, StripeObject>;
  readonly products: Map<string, StripeObject>;
  readonly prices: Map<string, StripeObject>;
  readonly subscriptions: Map<string, StripeObject>;
  readonly invoices: Map<string, StripeObject>;
  readonly charges: Map<string, StripeObject>;
  readonly disputes: Map<string, StripeObject>;
  readonly setupIntents: Map<string, StripeObject>;
  readonly paymentIntents: Map<string, StripeObject>;
  /** Payment methods saved by setup Checkouts: id → the Stripe customer it is attached to. */
  readonly paymentMethods: Map<string, string>;
  /** Events the scenarios emitted, oldest first. */
  readonly events: StripeObject[];
  readonly requests: RecordedRequest[];
  /** Idempotency-Key → the first answer, replayed for the same key (Stripe's behaviour). */
  readonly idempotentAnswers: Map<string, { readonly status: number; readonly body: unknown }>;
  /** Epoch seconds; tests may move it. */
  clock: () => number;
  /** While true every request answers 503 `api_error` and nothing is stored (an outage; tests set it). */
  outage: boolean;
}

/** Makes an empty state with the real clock. */
export function createFakeStripeState(): FakeStripeState {
  return {
    customers: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    portalConfigurations: new Map(),
    products: new Map(),
    prices: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    charges: new Map(),
    disputes: new Map(),
    setupIntents: new Map(),
    paymentIntents: new Map(),
    paymentMethods: new Map(),
    events: [],
    requests: [],
    idempotentAnswers: new Map(),
    clock: () => Math.floor(Date.now() / 1000),
    outage: false,
  };
}

/** A Stripe-looking test id: `cus_test_3f9a...`. */
export function newStripeId(prefix: string): string {
  return `${prefix}_test_${randomBytes(10).toString('hex')}`;
}
