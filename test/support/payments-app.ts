/**
 * Test support for the checkout and Stripe webhook routes: the HTTP test app with the
 * environment's Stripe keys pointing the real SDK at the fake Stripe server, a MusicGen tenant
 * (packs) and a Director's Palette tenant (plans), signed deliveries to the webhook route
 * (signed by the SDK's `generateTestHeaderString` through `signTestEvent`), and a snapshot of
 * everything the ledger writes, to prove a refused delivery wrote nothing.
 */

import { provisionTenant } from '../../src/cli/tenant.ts';
import { MetadataKey } from '../../src/payments/attribution.ts';
import { signTestEvent } from '../../src/payments/test-checkout.ts';
import {
  buildCheckoutSessionObject,
  buildStripeEvent,
  type StripeEventJson,
} from '../../src/payments/test-events.ts';
import type { Store } from '../../src/store/store.ts';
import type { FakeStripe } from '../fakes/stripe-server.ts';
import { type Answer, createTestApp, type TestApp, type TestTenant } from './http-app.ts';

/** The environment's `STRIPE_WEBHOOK_SECRET` in these tests. */
export const WEBHOOK_SECRET = 'whsec_tollgate_route_tests';
export const PUBLIC_URL = 'http://tollgate.test';

export interface PaymentsApp extends TestApp {
  /** MusicGen: sells packs, only a free plan. */
  readonly music: TestTenant;
  /** Director's Palette: sells plans, no packs. */
  readonly palette: TestTenant;
}

let counter = 0;

/** The test app; with `fake`, tenants without keys use the fake Stripe (else TEST MODE). */
export async function createPaymentsApp(
  options: {
    fake?: FakeStripe;
    makeStore?: () => Promise<Store>;
    /** Demo mode (default on): offline test checkouts and the studio. */
    demo?: boolean;
    /** More environment for `readConfig` (`TOLLGATE_TEST_CHECKOUT`, ...). */
    env?: Readonly<Record<string, string>>;
    /** The app's and engine's clock (epoch ms). */
    now?: () => number;
  } = {},
): Promise<PaymentsApp> {
  const env: Record<string, string> = { PUBLIC_URL, ...options.env };
  if (options.fake !== undefined) {
    env.STRIPE_SECRET_KEY = options.fake.secretKey;
    env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
    env.STRIPE_API_BASE = options.fake.apiBase;
  }
  const t = await createTestApp({
    env,
    demo: options.demo ?? true,
    ...(options.makeStore ? { makeStore: options.makeStore } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const make = async (catalog: string): Promise<TestTenant> => {
    counter += 1;
    const made = await provisionTenant(t.engine, {
      name: catalog,
      catalog,
      tenantId: `${catalog}-${counter}`,
    });
    if (!made.ok) throw new Error(made.error.message);
    return { id: made.value.id, key: made.value.secretKey };
  };
  return { ...t, music: await make('musicgen'), palette: await make('directors-palette') };
}

export interface Delivery {
  readonly status: number;
  readonly body: Record<string, unknown> & { error?: { code: string; param?: string; details?: unknown } };
}

/**
 * POSTs an event to the tenant's webhook route, signed with `secret` (the environment's by
 * default) at `now`; `tamper` edits the signed bytes before sending.
 */
export async function deliver(
  t: TestApp,
  tenantId: string,
  event: StripeEventJson,
  options: { secret?: string; now?: number; tamper?: (payload: string) => string } = {},
): Promise<Delivery> {
  const signed = signTestEvent(event, options.secret ?? WEBHOOK_SECRET, options.now ?? Date.now());
  const res = await t.app.inject({
    method: 'POST',
    url: `/v1/webhooks/stripe/${tenantId}`,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signed.signatureHeader,
    },
    payload: options.tamper ? options.tamper(signed.payload) : signed.payload,
  });
  return { status: res.statusCode, body: res.json() as Delivery['body'] };
}

/** Delivers events in order; answers each answer. */
export async function deliverAll(t: TestApp, tenantId: string, events: readonly StripeEventJson[]) {
  const answers: Delivery[] = [];
  for (const event of events) answers.push(await deliver(t, tenantId, event));
  return answers;
}

/** Rows in every table a payment writes, and the tenant's balances: equal before and after = nothing written. */
export async function snapshotLedger(t: TestApp): Promise<Record<string, unknown>> {
  const count = async (table: string) =>
    Number((await t.store.raw.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);
  const tables = [
    'journal_transactions',
    'journal_entries',
    'lots',
    'outbox',
    'idempotency_keys',
    'customers',
  ];
  const counts: Record<string, unknown> = {};
  for (const table of tables) counts[table] = await count(table);
  counts.balances = await t.store.raw.query(
    'SELECT tenant_id, customer_id, SUM(remaining) AS remaining FROM lots GROUP BY tenant_id, customer_id ORDER BY tenant_id, customer_id',
  );
  return counts;
}

/** Creates a customer; answers its id. */
export async function createCustomer(t: TestApp, tenant: TestTenant, id: string, email?: string) {
  const made = await t.call(tenant.key, 'POST', '/v1/customers', { id, ...(email ? { email } : {}) });
  if (made.status !== 200) throw new Error(JSON.stringify(made.body));
  return id;
}

/** The customer as `GET /v1/customers/:id` answers it. */
export async function readCustomer(t: TestApp, tenant: TestTenant, id: string) {
  const res = await t.call(tenant.key, 'GET', `/v1/customers/${id}`);
  return res.body as {
    plan: string;
    flagged: boolean;
    balance: { available: number; balance: number };
    lots: { source: string; amount: number; remaining: number }[];
    lots_by_source: Record<string, number>;
  };
}

/** `POST /v1/checkout` with the tenant's key (or another key or session token). */
export async function startCheckout(
  t: TestApp,
  tenant: TestTenant,
  body: Record<string, unknown>,
  key = tenant.key,
): Promise<Answer> {
  return t.call(key, 'POST', '/v1/checkout', body);
}

/** A paid MusicGen Starter pack checkout for `customerId`, as Stripe would send it (ids from `id`). */
export function packEvent(tenantId: string, customerId: string, id: string): StripeEventJson {
  const created = Math.floor(Date.now() / 1000);
  const session = buildCheckoutSessionObject({
    id: `cs_test_${id}`,
    mode: 'payment',
    paymentStatus: 'paid',
    clientReferenceId: customerId,
    stripeCustomerId: `cus_test_${id}`,
    metadata: {
      [MetadataKey.tenantId]: tenantId,
      [MetadataKey.customerId]: customerId,
      [MetadataKey.packId]: 'starter',
    },
    amountTotal: 500,
    currency: 'usd',
    paymentIntentId: `pi_test_${id}`,
    subscriptionId: null,
    created,
  });
  return buildStripeEvent('checkout.session.completed', session, { id: `evt_test_${id}`, created });
}

/** Pays a test checkout by its whole URL, as its page does: the secret after `#` goes in the body. */
export function payTestCheckout(t: TestApp, url: string) {
  const parsed = new URL(url, PUBLIC_URL);
  return t.app.inject({
    method: 'POST',
    url: `${parsed.pathname}/pay`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ secret: decodeURIComponent(parsed.hash.slice(1)) }),
  });
}
