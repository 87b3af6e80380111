/**
 * The Stripe webhook route suite on SQLite, plus the answers that need a doctored engine or
 * event: a ledger refusal Stripe should not retry (200, logged) and a store failure (500, so
 * Stripe retries), and the raw body reaching the verifier byte for byte.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStripeWebhookRoute } from '../../test/http/stripe-webhook.case.ts';
import {
  createPaymentsApp,
  deliver,
  type PaymentsApp,
  PUBLIC_URL,
  packEvent,
  snapshotLedger,
  WEBHOOK_SECRET,
} from '../../test/support/payments-app.ts';
import { provisionTenant } from '../cli/tenant.ts';
import { readConfig } from '../config.ts';
import { buildApp } from './app.ts';

describeStripeWebhookRoute('sqlite');

let t: PaymentsApp;
beforeAll(async () => {
  t = await createPaymentsApp();
});
afterAll(() => t.close());

async function localSecret(tenantId: string): Promise<string> {
  const keys = await t.engine.loadStripeKeys(tenantId);
  if (keys === null) throw new Error('no keys');
  return keys.localWebhookSecret;
}

it('without Stripe keys, verifies with the tenant local secret and refuses the environment default', async () => {
  const secret = await localSecret(t.music.id);
  await t.call(t.music.key, 'POST', '/v1/customers', { id: 'local' });
  const refused = await deliver(t, t.music.id, packEvent(t.music.id, 'local', 'local1'), {
    secret: WEBHOOK_SECRET,
  });
  expect(refused.status).toBe(400);
  const accepted = await deliver(t, t.music.id, packEvent(t.music.id, 'local', 'local1'), { secret });
  expect(accepted.body).toMatchObject({ outcome: 'applied', credits_delta: 100 });
});

it('answers 200 with the refusal when the ledger cannot apply the event (no retry helps)', async () => {
  const secret = await localSecret(t.music.id);
  const before = await snapshotLedger(t);
  const answer = await deliver(t, t.music.id, packEvent(t.music.id, 'ghost', 'ghost1'), { secret });
  expect(answer.status).toBe(200);
  expect(['refused', 'ignored']).toContain(answer.body.outcome);
  expect((await snapshotLedger(t)).balances).toEqual(before.balances);
});

it('answers 500 when the store fails, so Stripe delivers again', async () => {
  const secret = await localSecret(t.music.id);
  const broken = buildApp({
    engine: {
      ...t.engine,
      applyPaymentCommand: async () => {
        throw new Error('database is gone');
      },
    },
    store: t.store,
    config: readConfig({ PUBLIC_URL }),
  });
  try {
    await t.call(t.music.key, 'POST', '/v1/customers', { id: 'retry-me' });
    const answer = await deliver({ ...t, app: broken }, t.music.id, packEvent(t.music.id, 'retry-me', 'r1'), {
      secret,
    });
    expect(answer.status).toBe(500);
    expect(answer.body.error).toMatchObject({ code: 'internal_error' });
    // Stripe's retry, once the store is back, grants.
    const retried = await deliver(t, t.music.id, packEvent(t.music.id, 'retry-me', 'r1'), { secret });
    expect(retried.body.outcome).toBe('applied');
  } finally {
    await broken.close();
  }
});

it('keeps the other routes on JSON: a webhook body type does not leak to them', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/customers',
    headers: {
      authorization: `Bearer ${t.music.key}`,
      'idempotency-key': 'ct',
      'content-type': 'text/plain',
    },
    payload: '{"id":"x"}',
  });
  expect(res.statusCode).toBe(400);
  expect(res.json().error.param).toBe('Content-Type');
});

it("verifies with the tenant's own signing secret when it has its own Stripe keys", async () => {
  const made = await provisionTenant(t.engine, {
    name: 'Own keys',
    catalog: 'musicgen',
    tenantId: 'own-keys',
    stripeSecretKey: 'sk_test_own',
    stripeWebhookSecret: 'whsec_own',
  });
  if (!made.ok) throw new Error(made.error.message);
  await t.call(made.value.secretKey, 'POST', '/v1/customers', { id: 'own' });
  const local = await localSecret('own-keys');
  const event = packEvent('own-keys', 'own', 'own1');
  expect((await deliver(t, 'own-keys', event, { secret: local })).status).toBe(400);
  expect((await deliver(t, 'own-keys', event, { secret: 'whsec_own' })).body.outcome).toBe('applied');
});
