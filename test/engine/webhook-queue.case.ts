/**
 * Engine suite for outgoing webhooks, part 2: fan-out of outbox events by subscription, leases
 * (one sender per due delivery, a lost lease cannot overwrite), attempts moving a delivery on
 * (retry, give up, delivered), and replays of a delivery or an event with the same webhook-id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClaimedDelivery } from '../../src/engine/webhook-queue.ts';
import type { Store } from '../../src/store/store.ts';
import type { DeliveryRecord } from '../../src/webhooks/deliver.ts';
import {
  addCustomer,
  createHarness,
  expectFail,
  expectOk,
  type Harness,
  TENANT,
} from '../support/engine-harness.ts';
import { addOtherTenant, OTHER_TENANT } from './webhooks.case.ts';

const LEASE = 60_000;

function recordOf(
  claim: ClaimedDelivery,
  at: number,
  outcome: DeliveryRecord['outcome'],
  nextAttemptAt: number | null = null,
): DeliveryRecord {
  const ok = outcome === 'delivered';
  return {
    messageId: claim.message.id,
    endpointUrl: claim.endpoint.url,
    attempt: claim.roundAttempt,
    attemptedAt: at,
    statusCode: ok ? 200 : 500,
    durationMs: 3,
    error: ok ? null : 'endpoint answered 500',
    responseSnippet: ok ? 'ok' : 'boom',
    outcome,
    nextAttemptAt,
  };
}

export function runWebhookQueueSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`webhook queue: ${name}`, () => {
    let h: Harness;
    afterEach(async () => {
      await h.store.close();
    });
    const endpoint = async (url: string, eventTypes: string[] | null = null) =>
      expectOk(
        await h.engine.createWebhookEndpoint({ tenantId: TENANT, idempotencyKey: h.key(), url, eventTypes }),
      ).endpoint;
    const fanOut = () => h.engine.fanOutWebhookEvents({ now: h.now(), limit: 100 });
    const claim = (now = h.now()) => h.engine.claimWebhookDeliveries({ now, limit: 100, leaseMs: LEASE });
    /** Signs c1 up with no endpoint yet, so its sign-up events are fanned out to nobody. */
    const signUp = async () => {
      await addCustomer(h, 'c1');
      await fanOut();
      h.advance(1);
    };
    /** Exactly one event: c1's plan.changed. */
    const changePlan = async () =>
      expectOk(
        await h.engine.changePlan({
          tenantId: TENANT,
          customerId: 'c1',
          planId: 'pro',
          idempotencyKey: h.key(),
        }),
      );
    const deliveries = async (tenantId = TENANT) =>
      expectOk(await h.engine.listWebhookDeliveries({ tenantId, limit: 100 })).deliveries;

    it('fans each due event out once, to the endpoints that existed then and subscribe to its type', async () => {
      h = await createHarness(makeStore);
      await addCustomer(h, 'c1');
      expect((await fanOut()).deliveries).toBe(0); // no endpoint yet: the sign-up events are done with
      h.advance(1);
      const all = await endpoint('https://all.example/');
      const planOnly = await endpoint('https://plan.example/', ['plan.changed']);
      const mutation = { tenantId: TENANT, customerId: 'c1' };
      expectOk(await h.engine.claimReward({ ...mutation, kind: 'social_share', idempotencyKey: h.key() }));
      expectOk(await h.engine.changePlan({ ...mutation, planId: 'pro', idempotencyKey: h.key() }));
      h.advance(1);
      const late = await endpoint('https://late.example/');
      const events = (await h.store.read((tx) => tx.outbox.listForTenant(TENANT, 100))).filter(
        (e) => e.createdAt >= all.createdAt,
      );
      const sent = events.map((e) => e.type).sort();
      expect(sent).toEqual(expect.arrayContaining(['plan.changed', 'reward.granted']));
      const planChanges = sent.filter((t) => t === 'plan.changed');
      expect(await fanOut()).toEqual({
        events: events.length,
        deliveries: events.length + planChanges.length,
      });
      expect(await fanOut()).toEqual({ events: 0, deliveries: 0 });
      const log = await deliveries();
      const byEndpoint = (id: string) =>
        log
          .filter((d) => d.endpointId === id)
          .map((d) => d.eventType)
          .sort();
      expect(byEndpoint(all.id)).toEqual(sent);
      expect(byEndpoint(planOnly.id)).toEqual(planChanges);
      expect(byEndpoint(late.id)).toEqual([]);
      expect(
        log.every((d) => d.status === 'pending' && d.attempts.length === 0 && d.eventId.startsWith('msg_')),
      ).toBe(true);
    });

    it('leases a due delivery to one sender; an expired lease can be taken over and the old one cannot record', async () => {
      h = await createHarness(makeStore);
      await signUp();
      const ep = await endpoint('https://a.example/hook');
      await changePlan();
      await fanOut();
      const [one, two] = await Promise.all([claim(), claim()]);
      const claims = [...(one ?? []), ...(two ?? [])];
      expect(claims).toHaveLength(1);
      const first = claims[0] as ClaimedDelivery;
      expect(first).toMatchObject({ attempt: 1, roundAttempt: 1, endpoint: { url: ep.url } });
      expect(first.message).toMatchObject({
        type: 'plan.changed',
        payload: { customer: 'c1', from: 'free', to: 'pro' },
      });
      const stored = await h.store.read((tx) => tx.webhooks.getEndpoint(TENANT, ep.id));
      expect(first.endpoint.secret).toBe(stored?.secret);
      expect(await claim()).toEqual([]);
      // The conditional UPDATE itself refuses a leased row, even to a sender that listed it earlier.
      const raced = await h.store.write({ tenantId: TENANT }, (tx) =>
        tx.webhooks.claimDelivery(TENANT, first.deliveryId, {
          id: 'other',
          now: h.now(),
          until: h.now() + LEASE,
        }),
      );
      expect(raced).toBeNull();
      h.advance(LEASE);
      const [second] = await claim();
      expect(second?.deliveryId).toBe(first.deliveryId);
      expect(second?.message.id).toBe(first.message.id);
      expect(
        await h.engine.recordWebhookAttempt({ claim: first, record: recordOf(first, h.now(), 'delivered') }),
      ).toBe(false);
      const [pending] = await deliveries();
      expect(pending?.status).toBe('pending');
      const done = recordOf(second as ClaimedDelivery, h.now(), 'delivered');
      expect(await h.engine.recordWebhookAttempt({ claim: second as ClaimedDelivery, record: done })).toBe(
        true,
      );
      const [delivered] = await deliveries();
      expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: h.now() + 3, nextAttemptAt: null });
      expect(delivered?.attempts.map((a) => a.outcome)).toEqual(['delivered', 'delivered']);
    });

    it('schedules a retry, gives up after the last one, and a replay starts a fresh round with the same id', async () => {
      h = await createHarness(makeStore);
      await signUp();
      await endpoint('https://a.example/hook');
      await changePlan();
      await fanOut();
      const [c1] = await claim();
      const t0 = h.now();
      await h.engine.recordWebhookAttempt({
        claim: c1 as ClaimedDelivery,
        record: recordOf(c1 as ClaimedDelivery, t0, 'retry', t0 + 5000),
      });
      const [waiting] = await deliveries();
      expect(waiting).toMatchObject({ status: 'pending', nextAttemptAt: t0 + 5000, attemptCount: 1 });
      expect(await claim(t0 + 4999)).toEqual([]);
      const [c2] = await claim(t0 + 5000);
      expect(c2).toMatchObject({ attempt: 2, roundAttempt: 2, deliveryId: c1?.deliveryId });
      await h.engine.recordWebhookAttempt({
        claim: c2 as ClaimedDelivery,
        record: recordOf(c2 as ClaimedDelivery, t0 + 5000, 'gave_up'),
      });
      const [failed] = await deliveries();
      expect(failed).toMatchObject({ status: 'failed', nextAttemptAt: null, attemptCount: 2 });
      expect(failed?.attempts.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([
        [1, 500, 'retry'],
        [2, 500, 'gave_up'],
      ]);
      expect(await claim(t0 + 100 * LEASE)).toEqual([]);

      h.advance(60_000);
      const replay = () =>
        h.engine.replayWebhookDelivery({
          tenantId: TENANT,
          idempotencyKey: 'replay-1',
          deliveryId: failed?.id ?? '',
        });
      const replayed = expectOk(await replay());
      expect(replayed).toMatchObject({ status: 'pending', nextAttemptAt: h.now(), eventId: failed?.eventId });
      expect(expectOk(await replay())).toEqual(replayed);
      const [c3] = await claim();
      expect(c3).toMatchObject({ attempt: 3, roundAttempt: 1, message: { id: c1?.message.id } });
    });

    it('cancels pending deliveries of a deleted endpoint, and replays an event to the endpoints subscribed now', async () => {
      h = await createHarness(makeStore);
      await addOtherTenant(h);
      await signUp();
      const old = await endpoint('https://old.example/');
      await changePlan();
      await fanOut();
      const [queued] = await deliveries();
      expectOk(
        await h.engine.deleteWebhookEndpoint({
          tenantId: TENANT,
          idempotencyKey: h.key(),
          endpointId: old.id,
        }),
      );
      expect((await deliveries())[0]?.status).toBe('canceled');
      expect(await claim()).toEqual([]);
      const refused = await h.engine.replayWebhookDelivery({
        tenantId: TENANT,
        idempotencyKey: h.key(),
        deliveryId: queued?.id ?? '',
      });
      expect(expectFail(refused)).toMatchObject({ code: 'not_found', param: 'id' });

      const fresh = await endpoint('https://new.example/', ['plan.changed', 'balance.low']);
      const eventId = queued?.eventId ?? '';
      const other = await h.engine.replayWebhookEvent({
        tenantId: OTHER_TENANT,
        idempotencyKey: h.key(),
        eventId,
      });
      expect(expectFail(other).code).toBe('not_found');
      const otherDelivery = await h.engine.replayWebhookDelivery({
        tenantId: OTHER_TENANT,
        idempotencyKey: h.key(),
        deliveryId: queued?.id ?? '',
      });
      expect(expectFail(otherDelivery).code).toBe('not_found');
      expect(await deliveries(OTHER_TENANT)).toEqual([]);

      const again = expectOk(
        await h.engine.replayWebhookEvent({ tenantId: TENANT, idempotencyKey: h.key(), eventId }),
      );
      expect(again.map((d) => [d.endpointId, d.eventId, d.status])).toEqual([[fresh.id, eventId, 'pending']]);
      const [c] = await claim();
      expect(c).toMatchObject({ endpoint: { url: 'https://new.example/' }, message: { id: eventId } });
      const filtered = expectOk(await h.engine.listWebhookDeliveries({ tenantId: TENANT, eventId }));
      expect(filtered.deliveries.map((d) => d.endpointId).sort()).toEqual([old.id, fresh.id].sort());
    });
  });
}
