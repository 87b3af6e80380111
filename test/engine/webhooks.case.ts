/**
 * Engine suite for outgoing webhooks, part 1: endpoints (secret shown once, validation naming
 * the field, idempotency, delete), tenant isolation, and that the engine writes every event
 * type under the names of `src/webhooks/events.ts` with snake_case payloads. Part 2
 * (`webhook-queue.case.ts`) covers fan-out, leases, attempts and replays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { OUTGOING_EVENT_TYPES, OutgoingEventType } from '../../src/webhooks/events.ts';
import {
  addCustomer,
  createHarness,
  expectFail,
  expectOk,
  type Harness,
  TENANT,
} from '../support/engine-harness.ts';
import { createTestCatalog } from '../support/test-catalog.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const OTHER_TENANT = 'tenant-2';

/** Adds a second tenant on the test catalog to a harness. */
export async function addOtherTenant(h: Harness): Promise<void> {
  expectOk(
    await h.engine.saveTenant({
      tenantId: OTHER_TENANT,
      name: 'Other',
      catalog: createTestCatalog(),
      catalogSource: '#',
    }),
  );
}

export function runWebhookEndpointSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`webhook endpoints: ${name}`, () => {
    let h: Harness;
    afterEach(async () => {
      await h.store.close();
    });
    const create = (input: { url: string; eventTypes?: string[] | null }, key = h.key(), tenantId = TENANT) =>
      h.engine.createWebhookEndpoint({ tenantId, idempotencyKey: key, ...input });

    it('creates an endpoint, shows its whsec_ secret once, and replays the same endpoint without it', async () => {
      h = await createHarness(makeStore);
      const first = expectOk(
        await create({ url: 'https://example.com/hooks', eventTypes: ['balance.low'] }, 'e1'),
      );
      expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(first.endpoint).toMatchObject({ url: 'https://example.com/hooks', eventTypes: ['balance.low'] });
      const again = expectOk(
        await create({ url: 'https://example.com/hooks', eventTypes: ['balance.low'] }, 'e1'),
      );
      expect(again).toEqual({ endpoint: first.endpoint, secret: null });
      expect(expectFail(await create({ url: 'https://example.com/other' }, 'e1')).code).toBe(
        'idempotency_conflict',
      );
      const list = expectOk(await h.engine.listWebhookEndpoints(TENANT));
      expect(list).toEqual([first.endpoint]);
      expect(JSON.stringify(list)).not.toContain('whsec_');
      // The secret is kept (plain text) because every attempt is signed with it.
      const row = await h.store.read((tx) => tx.webhooks.getEndpoint(TENANT, first.endpoint.id));
      expect(row?.secret).toBe(first.secret);
    });

    it('refuses bad URLs naming url, and unknown event types naming event_types', async () => {
      h = await createHarness(makeStore);
      for (const url of [
        'ftp://example.com/x',
        'not a url',
        '/relative',
        'https://user:pw@example.com/',
        '',
      ]) {
        const error = expectFail(await create({ url }));
        expect(error, url).toMatchObject({ code: 'invalid_request', param: 'url' });
      }
      const unknown = expectFail(
        await create({ url: 'http://example.com/', eventTypes: ['balance.low', 'nope'] }),
      );
      expect(unknown).toMatchObject({ code: 'invalid_request', param: 'event_types' });
      expect(unknown.details).toMatchObject({ unknown: ['nope'], allowed: OUTGOING_EVENT_TYPES });
      expect(expectFail(await create({ url: 'http://example.com/', eventTypes: [] })).param).toBe(
        'event_types',
      );
      expect(expectOk(await h.engine.listWebhookEndpoints(TENANT))).toEqual([]);
      const all = expectOk(await create({ url: 'http://127.0.0.1:9/x', eventTypes: null }));
      expect(all.endpoint.eventTypes).toBeNull();
    });

    it('deletes an endpoint once (deleting again answers the same record) and lists only live ones', async () => {
      h = await createHarness(makeStore);
      const a = expectOk(await create({ url: 'https://a.example/' })).endpoint;
      const b = expectOk(await create({ url: 'https://b.example/' })).endpoint;
      h.advance(1000);
      const deleted = expectOk(
        await h.engine.deleteWebhookEndpoint({ tenantId: TENANT, idempotencyKey: h.key(), endpointId: a.id }),
      );
      expect(deleted.disabledAt).toBe(h.now());
      h.advance(1000);
      const twice = expectOk(
        await h.engine.deleteWebhookEndpoint({ tenantId: TENANT, idempotencyKey: h.key(), endpointId: a.id }),
      );
      expect(twice).toEqual(deleted);
      expect(expectOk(await h.engine.listWebhookEndpoints(TENANT)).map((e) => e.id)).toEqual([b.id]);
      const missing = expectFail(
        await h.engine.deleteWebhookEndpoint({
          tenantId: TENANT,
          idempotencyKey: h.key(),
          endpointId: 'nope',
        }),
      );
      expect(missing).toMatchObject({ code: 'not_found', param: 'id' });
    });

    it('keeps tenants apart: another tenant neither lists, deletes nor reads the log of an endpoint', async () => {
      h = await createHarness(makeStore);
      await addOtherTenant(h);
      const mine = expectOk(await create({ url: 'https://a.example/' })).endpoint;
      expect(expectOk(await h.engine.listWebhookEndpoints(OTHER_TENANT))).toEqual([]);
      const del = await h.engine.deleteWebhookEndpoint({
        tenantId: OTHER_TENANT,
        idempotencyKey: h.key(),
        endpointId: mine.id,
      });
      expect(expectFail(del).code).toBe('not_found');
      const log = await h.engine.listWebhookDeliveries({ tenantId: OTHER_TENANT, endpointId: mine.id });
      expect(expectFail(log)).toMatchObject({ code: 'not_found', param: 'endpoint' });
      expect(expectOk(await h.engine.listWebhookEndpoints(TENANT))).toEqual([mine]);
    });

    it('writes every engine event to the outbox under its outgoing name, with snake_case payloads', async () => {
      h = await createHarness(makeStore);
      const types = async () =>
        new Set((await h.store.read((tx) => tx.outbox.listForTenant(TENANT, 1000))).map((e) => e.type));
      const charge = (customerId: string, modelId: string, params: Record<string, unknown> = {}) =>
        h.engine.charge({ tenantId: TENANT, customerId, modelId, params, idempotencyKey: h.key() });
      // reward.granted (welcome); spending it all: balance.low, then balance.depleted.
      await addCustomer(h, 'c1');
      for (let i = 0; i < 50 && (await charge('c1', 'chat')).ok; i++);
      // plan.changed; balance.threshold_crossed (80% of the plan's credits used); quota.warning (4th video).
      await addCustomer(h, 'c2', 1000);
      const toPro = { tenantId: TENANT, customerId: 'c2', planId: 'pro', idempotencyKey: h.key() };
      expectOk(await h.engine.changePlan(toPro));
      expectOk(
        await h.engine.grant({
          tenantId: TENANT,
          customerId: 'c2',
          credits: 100,
          source: 'plan',
          idempotencyKey: h.key(),
        }),
      );
      for (let i = 0; i < 100 && !(await types()).has('balance.threshold_crossed'); i++) {
        expectOk(await charge('c2', 'image', { count: 4 }));
      }
      for (let i = 0; i < 5 && !(await types()).has('quota.warning'); i++) {
        expectOk(await charge('c2', 'video', { variant: '5s' }));
        h.advance(DAY);
      }
      // grant.expired, by the sweep.
      await addCustomer(h, 'c3');
      const expiring = { tenantId: TENANT, customerId: 'c3', credits: 5, source: 'promotional' as const };
      expectOk(await h.engine.grant({ ...expiring, expiresAt: h.now() + HOUR, idempotencyKey: h.key() }));
      h.advance(2 * HOUR);
      await h.engine.sweepExpired();

      const events = await h.store.read((tx) => tx.outbox.listForTenant(TENANT, 1000));
      for (const e of events) expect(OUTGOING_EVENT_TYPES).toContain(e.type);
      // purchase.completed and auto_top_up.* come from verified Stripe payments (src/engine/payment-*.ts,
      // auto-top-up-charges.ts); test/payments/auto-top-up.case.ts sees the latter in the outbox.
      const fromStripe: string[] = [
        OutgoingEventType.purchaseCompleted,
        OutgoingEventType.autoTopUpSucceeded,
        OutgoingEventType.autoTopUpFailed,
      ];
      expect([...(await types())].sort()).toEqual(
        OUTGOING_EVENT_TYPES.filter((t) => !fromStripe.includes(t)).sort(),
      );
      for (const e of events) {
        for (const key of Object.keys(e.payload)) expect(key, `${e.type}.${key}`).toMatch(/^[a-z0-9_]+$/);
      }
    });
  });
}
