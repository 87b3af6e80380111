/**
 * Retention (issue 11, item 9) on SQLite and PostgreSQL, with an injected clock: after 8 days
 * only the expired idempotency answers are gone; after 31 days finished webhook deliveries and
 * their attempts, the outbox rows they came from and ended holds are gone too, while the
 * journal, lots, charges and usage events are untouched, a pending delivery and an active hold
 * stay, and the ledger still verifies (`tollgate verify` itself on the SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { createTestApp } from '../../test/support/http-app.ts';
import { main } from '../cli/main.ts';
import { openSqliteStore } from '../store/sqlite/store.ts';
import type { Store } from '../store/store.ts';
import { dispatchDue } from '../webhooks/dispatch.ts';
import { verifyLedger } from './verify.ts';

const DAY = 86_400_000;
const TABLES = [
  'journal_transactions',
  'journal_entries',
  'lots',
  'charges',
  'usage_events',
  'holds',
  'outbox',
  'webhook_deliveries',
  'webhook_attempts',
  'idempotency_keys',
] as const;

let receiver: Server;
let receiverUrl: string;
const dir = mkdtempSync(join(tmpdir(), 'tollgate-retention-'));

beforeAll(async () => {
  receiver = createServer((request, response) => {
    request.resume();
    response.end('ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function count(store: Store): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) {
    const [row] = await store.raw.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`);
    out[table] = Number(row?.n);
  }
  return out;
}

function suite(name: string, makeStore: () => Promise<Store>, cliDb?: string) {
  it(`prunes bookkeeping past retention and never the ledger (${name})`, async () => {
    let clock = Date.now();
    const now = () => clock;
    const t = await createTestApp({ makeStore, now });
    try {
      const k = t.a.key;
      const ok = async (method: string, url: string, body?: unknown) => {
        const res = await t.call(k, method, url, body);
        expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(200);
        return res.body;
      };
      // One endpoint answers everything; another, for balance.depleted only, never answers.
      for (const [id, url, eventTypes] of [
        ['live', receiverUrl, null],
        ['dead', 'http://127.0.0.1:9/never', ['balance.depleted']],
      ] as const) {
        const made = await t.engine.createWebhookEndpoint({
          tenantId: t.a.id,
          idempotencyKey: `ep-${id}`,
          url,
          eventTypes: eventTypes === null ? null : [...eventTypes],
        });
        expect(made.ok).toBe(true);
      }
      await ok('POST', '/v1/customers', { id: 'pat', plan: 'studio-pro' });
      await ok('POST', '/v1/grants', { customer: 'pat', credits: 200 });
      const committed = await ok('POST', '/v1/holds', { customer: 'pat', model: 'sdxl' });
      await ok('POST', `/v1/holds/${committed.id}/commit`, {});
      const voided = await ok('POST', '/v1/holds', { customer: 'pat', model: 'sdxl' });
      await ok('POST', `/v1/holds/${voided.id}/void`, {});
      await ok('POST', '/v1/charges', { customer: 'pat', model: 'sdxl' });
      // Spending a customer's last credits writes balance.depleted, for both endpoints.
      await ok('POST', '/v1/customers', { id: 'dee' });
      await ok('POST', '/v1/grants', { customer: 'dee', credits: 20 });
      await ok('POST', '/v1/charges', { customer: 'dee', model: 'gpt-4o' });
      const active = await ok('POST', '/v1/holds', { customer: 'pat', model: 'sdxl' });
      const pass = await dispatchDue(t.engine, {
        now,
        allowPrivate: true,
        random: () => 0.5,
        timeoutMs: 2_000,
      });
      expect(pass.delivered).toBeGreaterThan(0);
      expect(pass.retrying).toBeGreaterThan(0);

      const before = await count(t.store);
      expect(before.holds).toBeGreaterThanOrEqual(3); // charges hold and commit too
      expect(before.idempotency_keys).toBeGreaterThan(0);

      clock += 8 * DAY;
      const week = await t.engine.pruneRetained();
      expect(week).toMatchObject({
        idempotencyKeys: before.idempotency_keys,
        holds: 0,
        webhookDeliveries: 0,
      });
      const afterWeek = await count(t.store);
      expect(afterWeek).toEqual({ ...before, idempotency_keys: 0 });

      clock += 23 * DAY;
      const month = await t.engine.pruneRetained({ batchSize: 2 });
      expect(month.holds).toBe(before.holds - 1);
      expect(month.webhookDeliveries).toBe(pass.delivered);
      const after = await count(t.store);
      for (const kept of [
        'journal_transactions',
        'journal_entries',
        'lots',
        'charges',
        'usage_events',
      ] as const)
        expect(after[kept], kept).toBe(before[kept]);
      expect(after.holds).toBe(1); // the active one
      const [left] = await t.store.raw.query<{ id: unknown }>('SELECT id FROM holds');
      expect(String(left?.id)).toBe(active.id);
      expect(after.webhook_deliveries).toBe(pass.retrying); // pending deliveries stay, with their events
      expect(after.webhook_attempts).toBe(pass.retrying);
      expect(after.outbox).toBeGreaterThan(0);
      expect(after.outbox).toBeLessThan(before.outbox);
      const report = await verifyLedger(t.store);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      if (cliDb !== undefined) {
        await t.store.close();
        let out = '';
        const io = { stdout: (s: string) => (out += s), stderr: (s: string) => (out += s) };
        expect(await main(['verify', '--db', cliDb], io), out).toBe(0);
        expect(out).toContain('ledger OK');
      }
    } finally {
      await t.close().catch(() => {});
    }
  });

  it(`works in small batches and stops at maxBatches (${name})`, async () => {
    let clock = Date.now();
    const t = await createTestApp({ makeStore, now: () => clock });
    try {
      await t.call(t.a.key, 'POST', '/v1/customers', { id: 'kim' });
      for (let i = 0; i < 7; i += 1)
        await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'kim', credits: 1 });
      const keys = (await count(t.store)).idempotency_keys;
      clock += 8 * DAY;
      const first = await t.engine.pruneRetained({ batchSize: 3, maxBatches: 1 });
      expect(first.idempotencyKeys).toBe(3);
      expect((await count(t.store)).idempotency_keys).toBe(keys - 3);
      const rest = await t.engine.pruneRetained({ batchSize: 3 });
      expect(rest.idempotencyKeys).toBe(keys - 3);
    } finally {
      await t.close();
    }
  });
}

describe('retention', () => {
  const path = join(dir, 'retention.db');
  let n = 0;
  suite('sqlite', async () => openSqliteStore(n++ === 0 ? path : join(dir, `r${n}.db`)), `sqlite:${path}`);
  describe.skipIf(SKIP_POSTGRES)('postgres', () => suite('postgres', () => makePostgresStore()));
});
