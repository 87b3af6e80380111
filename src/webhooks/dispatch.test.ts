/**
 * Outgoing webhooks end to end, on SQLite and PostgreSQL: endpoints made through the HTTP API,
 * events written by the engine, `dispatchDue` passes on an injected clock sending to a real
 * `node:http` server on 127.0.0.1 that verifies every message with `standardwebhooks`, answers
 * 500 once and 200 after. The retry comes after the backoff with the same webhook-id, the log
 * shows both attempts, a replay re-sends, endpoints filter by type and tenants stay apart.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/support/each-database.ts';
import { createTestApp } from '../../test/support/http-app.ts';
import {
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
} from '../http/schemas/webhooks.ts';
import type { Store } from '../store/store.ts';
import { dispatchDue } from './dispatch.ts';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly type: string;
  /** The verified payload, or the verification error. */
  readonly verified: { type?: string; data?: Record<string, unknown> } | { error: string };
}

let server: Server;
let base: string;
const received: Received[] = [];
/** Signing secret of each path's endpoint. */
const secrets = new Map<string, string>();
/** Paths whose next plan.changed message is answered 500. */
const failNextPlanChange = new Set<string>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      let verified: Received['verified'];
      try {
        verified = new Webhook(secrets.get(path) ?? 'whsec_none').verify(
          body,
          request.headers as Record<string, string>,
        ) as Received['verified'];
      } catch (error) {
        verified = { error: String(error) };
      }
      const type = String((JSON.parse(body) as { type: string }).type);
      received.push({ path, headers: request.headers, type, verified });
      const fail = type === 'plan.changed' && failNextPlanChange.delete(path);
      response.writeHead(fail ? 500 : 200, { 'content-type': 'text/plain' });
      response.end(fail ? 'down for maintenance' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

function runEndToEnd(name: string, makeStore?: () => Promise<Store>) {
  it(`delivers signed events, retries after the backoff with the same id, logs and replays (${name})`, async () => {
    let clock = Date.now(); // signatures must be within the receiver's 5-minute window
    const now = () => clock;
    // The receiver is on 127.0.0.1: this test runs as an operator who allowed private targets.
    const t = await createTestApp({
      now,
      env: { WEBHOOK_ALLOW_PRIVATE: 'true' },
      ...(makeStore === undefined ? {} : { makeStore }),
    });
    const pass = () => dispatchDue(t.engine, { now, random: () => 0.5, allowPrivate: true });
    try {
      const k = t.a.key;
      const tag = `${name}-${Math.random().toString(36).slice(2)}`;
      const makeEndpoint = async (path: string, body: Record<string, unknown> = {}) => {
        const res = await t.call(k, 'POST', '/v1/webhook-endpoints', { url: `${base}${path}`, ...body });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const endpoint = webhookEndpointSchema.parse(res.body);
        secrets.set(path, String(endpoint.secret));
        return endpoint;
      };
      const all = await makeEndpoint(`/${tag}/all`);
      const depletedOnly = await makeEndpoint(`/${tag}/depleted`, { event_types: ['balance.depleted'] });
      failNextPlanChange.add(`/${tag}/all`);
      const bad = await t.call(k, 'POST', '/v1/webhook-endpoints', {
        url: `${base}/x`,
        event_types: ['nope'],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.param).toMatch(/^event_types/);

      // Two events: balance.depleted (spending the last credits), then plan.changed.
      await t.call(k, 'POST', '/v1/customers', { id: 'alice' });
      await t.call(k, 'POST', '/v1/grants', { customer: 'alice', credits: 20 });
      expect((await t.call(k, 'POST', '/v1/charges', { customer: 'alice', model: 'gpt-4o' })).status).toBe(
        200,
      );
      const changed = await t.engine.changePlan({
        tenantId: t.a.id,
        customerId: 'alice',
        planId: 'creator-pro',
        idempotencyKey: 'plan-1',
      });
      expect(changed.ok).toBe(true);

      const mine = () => received.filter((r) => r.path.startsWith(`/${tag}/`));
      const t0 = clock;
      expect(await pass()).toMatchObject({ events: 2, queued: 3, delivered: 2, retrying: 1, failed: 0 });
      expect(
        mine()
          .map((r) => `${r.path.slice(tag.length + 2)} ${r.type}`)
          .sort(),
      ).toEqual(['all balance.depleted', 'all plan.changed', 'depleted balance.depleted']);
      for (const r of mine()) expect(r.verified, JSON.stringify(r.verified)).toMatchObject({ type: r.type });
      const firstTry = mine().find((r) => r.type === 'plan.changed') as Received;
      const webhookId = String(firstTry.headers['webhook-id']);
      expect(webhookId).toMatch(/^msg_/);

      const log = async (query: string) => {
        const res = await t.call(k, 'GET', `/v1/webhook-deliveries?${query}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return webhookDeliveryListSchema.parse(res.body).data;
      };
      const [waiting] = await log(`event=${webhookId}`);
      expect(waiting).toMatchObject({ status: 'pending', endpoint_id: all.id, next_attempt_at: t0 + 5_000 });
      expect(waiting?.attempts.map((a) => [a.status_code, a.outcome])).toEqual([[500, 'retry']]);
      expect(waiting?.attempts[0]?.response_snippet).toBe('down for maintenance');

      clock = t0 + 4_999; // not due yet: nothing is sent
      expect(await pass()).toMatchObject({ delivered: 0, retrying: 0 });
      expect(mine()).toHaveLength(3);
      clock = t0 + 5_000;
      expect(await pass()).toMatchObject({ delivered: 1 });
      const retry = mine()[3] as Received;
      expect(retry).toMatchObject({
        path: `/${tag}/all`,
        type: 'plan.changed',
        verified: { type: 'plan.changed' },
      });
      expect(retry.headers['webhook-id']).toBe(webhookId);
      expect(retry.headers['webhook-timestamp']).toBe(String(Math.floor((t0 + 5_000) / 1000)));
      expect((retry.verified as { data: object }).data).toMatchObject({
        customer: 'alice',
        to: 'creator-pro',
      });

      const [done] = await log(`event=${webhookId}`);
      expect(done).toMatchObject({ status: 'delivered', attempt_count: 2, next_attempt_at: null });
      expect(done?.attempts.map((a) => [a.attempt, a.status_code, a.outcome])).toEqual([
        [1, 500, 'retry'],
        [2, 200, 'delivered'],
      ]);
      const filtered = await log(`endpoint=${depletedOnly.id}`);
      expect(filtered.map((d) => [d.event_type, d.status])).toEqual([['balance.depleted', 'delivered']]);

      // Tenant B sees none of it and cannot replay or delete A's.
      const b = t.b.key;
      expect(
        webhookDeliveryListSchema.parse((await t.call(b, 'GET', '/v1/webhook-deliveries')).body).data,
      ).toEqual([]);
      expect((await t.call(b, 'GET', '/v1/webhook-endpoints')).body.data).toEqual([]);
      for (const [method, url] of [
        ['GET', `/v1/webhook-deliveries?endpoint=${all.id}`],
        ['GET', `/v1/webhook-deliveries?event=${webhookId}`],
        ['POST', `/v1/webhook-deliveries/${done?.id}/replay`],
        ['POST', `/v1/webhook-events/${webhookId}/replay`],
        ['DELETE', `/v1/webhook-endpoints/${all.id}`],
      ] as const) {
        const res = await t.call(b, method, url, method === 'GET' ? undefined : {});
        expect(res.status, `${method} ${url}`).toBe(404);
      }

      // Replay: queued again now, sent again with the same webhook-id.
      clock += 60_000;
      const replay = await t.call(k, 'POST', `/v1/webhook-deliveries/${done?.id}/replay`, {});
      expect(webhookDeliverySchema.parse(replay.body)).toMatchObject({
        status: 'pending',
        event_id: webhookId,
      });
      expect(await pass()).toMatchObject({ delivered: 1 });
      const again = mine()[4] as Received;
      expect(again.headers['webhook-id']).toBe(webhookId);
      expect(again.verified).toMatchObject({ type: 'plan.changed' });
      const [replayed] = await log(`event=${webhookId}`);
      expect(replayed?.attempts.map((a) => a.outcome)).toEqual(['retry', 'delivered', 'delivered']);

      // A deleted endpoint receives nothing more.
      expect((await t.call(k, 'DELETE', `/v1/webhook-endpoints/${all.id}`)).status).toBe(200);
      await t.engine.changePlan({
        tenantId: t.a.id,
        customerId: 'alice',
        planId: 'studio-pro',
        idempotencyKey: 'p2',
      });
      expect(await pass()).toMatchObject({ events: 1, queued: 0, delivered: 0 });
      expect(mine()).toHaveLength(5);
    } finally {
      await t.close();
    }
  });
}

describe('outgoing webhooks end to end', () => {
  forEachDatabase((db) => runEndToEnd(db.name, db.makeStore));
});
