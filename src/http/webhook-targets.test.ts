/**
 * Webhook endpoints cannot reach inside (issue 11, item 2), through the HTTP API on SQLite and
 * PostgreSQL: registering a loopback, private or metadata URL in any spelling is a 400 naming
 * `url` that writes nothing; `WEBHOOK_ALLOW_PRIVATE=true` lets an operator allow them; and an
 * endpoint stored before the rule (or rebound since) gets nothing at delivery, the refusal in
 * its delivery log.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { createTestApp } from '../../test/support/http-app.ts';
import type { Store } from '../store/store.ts';
import { dispatchDue } from '../webhooks/dispatch.ts';

let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    hits += 1;
    request.resume();
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const inside = [
  'http://127.0.0.1:9/x',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://127.1/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.0.10/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
  'http://0.0.0.0/',
  'http://224.0.0.251/',
  'http://localhost:8787/',
  'http://metadata.google.internal/computeMetadata/v1/',
];

function suite(name: string, makeStore?: () => Promise<Store>) {
  const options = makeStore === undefined ? {} : { makeStore };

  it(`refuses private targets with 400 naming url and writes nothing (${name})`, async () => {
    const t = await createTestApp(options);
    try {
      for (const url of inside) {
        const res = await t.call(t.a.key, 'POST', '/v1/webhook-endpoints', { url });
        expect(res.status, url).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'invalid_request', param: 'url' });
        expect(res.body.error?.message, url).toMatch(/public address.*WEBHOOK_ALLOW_PRIVATE=true/);
      }
      const list = await t.call(t.a.key, 'GET', '/v1/webhook-endpoints');
      expect(list.body.data).toEqual([]);
      const outside = await t.call(t.a.key, 'POST', '/v1/webhook-endpoints', {
        url: 'https://93.184.216.34/h',
      });
      expect(outside.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it(`allows private targets when the operator sets WEBHOOK_ALLOW_PRIVATE=true (${name})`, async () => {
    const t = await createTestApp({ ...options, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    try {
      for (const url of inside.slice(0, 3)) {
        expect((await t.call(t.a.key, 'POST', '/v1/webhook-endpoints', { url })).status, url).toBe(200);
      }
    } finally {
      await t.close();
    }
  });

  it(`delivers nothing to a private endpoint stored earlier; the log says why (${name})`, async () => {
    const t = await createTestApp(options);
    try {
      const created = await t.engine.createWebhookEndpoint({
        tenantId: t.a.id,
        idempotencyKey: 'old-endpoint',
        url: `http://127.0.0.1:${port}/old`,
      });
      expect(created.ok).toBe(true);
      // Spending the last credits writes balance.depleted.
      await t.call(t.a.key, 'POST', '/v1/customers', { id: 'pat' });
      await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'pat', credits: 20 });
      expect(
        (await t.call(t.a.key, 'POST', '/v1/charges', { customer: 'pat', model: 'gpt-4o' })).status,
      ).toBe(200);
      const before = hits;
      const pass = await dispatchDue(t.engine, { random: () => 0.5 });
      expect(pass.delivered).toBe(0);
      expect(pass.retrying).toBeGreaterThan(0);
      expect(hits).toBe(before);
      const log = await t.call(t.a.key, 'GET', '/v1/webhook-deliveries');
      const attempts = (log.body.data as { attempts: { error: string }[] }[]).flatMap((d) => d.attempts);
      expect(attempts.length).toBeGreaterThan(0);
      for (const a of attempts) expect(a.error).toMatch(/^endpoint not allowed: 127\.0\.0\.1/);
    } finally {
      await t.close();
    }
  });
}

describe('webhook targets', () => {
  suite('sqlite');
  describe.skipIf(SKIP_POSTGRES)('postgres', () => suite('postgres', () => makePostgresStore()));
});
