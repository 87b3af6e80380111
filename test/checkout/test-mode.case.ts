/**
 * Issue 11 item 5 and issue 12 items 9 and 10, with real `tollgate serve` processes:
 * - outside demo mode, a tenant without Stripe keys is refused `payments_not_configured` and
 *   nothing is written; the studio's unauthenticated endpoints are not there;
 * - with `TOLLGATE_TEST_CHECKOUT=on`, a test checkout opened by one process is paid by another
 *   started after the first stopped (so it lives in the database, not in a process), only with
 *   the checkout's own secret, once; its page then says it is paid.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../../src/cli/tenant.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { SERVER_DATABASES, type ServerDatabase } from '../support/server-databases.ts';
import { type ServerProcess, startServerProcess } from '../support/server-processes.ts';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> & { error?: { code: string; param?: string } };
}

async function send(server: ServerProcess, key: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { 'idempotency-key': `k-${Math.random()}` };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Answer['body'], text } as Answer & { text: string };
}

export function describeTestMode(database: keyof typeof SERVER_DATABASES): void {
  const { name, open, skip } = SERVER_DATABASES[database];
  describe.skipIf(skip)(`test checkouts and demo mode on ${name}`, () => {
    let db: ServerDatabase;
    let key: string;
    const running: ServerProcess[] = [];
    const start = async (env: Record<string, string> = {}) => {
      const server = await startServerProcess({ DATABASE_URL: db.url, ...env });
      running.push(server);
      return server;
    };
    const count = async (table: string) =>
      Number((await db.store.raw.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);

    beforeAll(async () => {
      db = await open();
      const made = await provisionTenant(createEngine({ store: db.store }), {
        name: 'A shop',
        catalog: 'musicgen',
        tenantId: 'shop',
      });
      if (!made.ok) throw new Error(made.error.message);
      key = made.value.secretKey;
    }, 60_000);
    afterEach(async () => {
      await Promise.all(running.splice(0).map((s) => s.stop()));
    });
    afterAll(async () => {
      await db?.close();
    });

    it('refuses checkouts without Stripe keys outside demo mode, writing nothing, and serves no studio', async () => {
      const server = await start();
      expect((await send(server, key, 'POST', '/v1/customers', { id: 'buyer' })).status).toBe(200);
      const before = await count('test_checkouts');
      const refused = await send(server, key, 'POST', '/v1/checkout', { customer: 'buyer', pack: 'starter' });
      expect([refused.status, refused.body.error?.code, refused.body.error?.param]).toEqual([
        409,
        'payments_not_configured',
        'tenant',
      ]);
      expect(await count('test_checkouts')).toBe(before);
      const studio = await send(server, null, 'POST', '/studio/api/session', { preset: 'musicgen' });
      expect(studio.status).toBe(404);
      expect(await count('customers')).toBe(1);
    });

    it('pays a test checkout in another process after a restart, with its secret only, once', async () => {
      const first = await start({ TOLLGATE_TEST_CHECKOUT: 'on' });
      await send(first, key, 'POST', '/v1/customers', { id: 'traveller' });
      const balance = async (server: ServerProcess) =>
        Number(
          ((await send(server, key, 'GET', '/v1/customers/traveller')).body.balance as { available: number })
            .available,
        );
      const base = await balance(first);
      const started = await send(first, key, 'POST', '/v1/checkout', {
        customer: 'traveller',
        pack: 'starter',
      });
      expect(started.status).toBe(200);
      const url = new URL(String(started.body.url));
      const secret = url.hash.slice(1);
      expect(secret).toMatch(/^tcs_/);
      await first.stop();

      const second = await start({ TOLLGATE_TEST_CHECKOUT: 'on' });
      const payPath = `${url.pathname}/pay`;
      const forged = await send(second, null, 'POST', payPath, { secret: `${secret.slice(0, -1)}x` });
      expect([forged.status, forged.body.error?.param]).toEqual([403, 'secret']);
      const missing = await send(second, null, 'POST', payPath, {});
      expect([missing.status, missing.body.error?.param]).toEqual([400, 'secret']);
      expect(await balance(second)).toBe(base);

      const page = await fetch(`${second.url}${url.pathname}`);
      expect(await page.text()).toContain('Pay $5 (test)');
      const paid = await send(second, null, 'POST', payPath, { secret });
      expect([paid.status, paid.body.status]).toEqual([200, 'paid']);
      const again = await send(second, null, 'POST', payPath, { secret });
      expect(again.status).toBe(200);
      expect(await balance(second)).toBe(base + 100);
      const after = await (await fetch(`${second.url}${url.pathname}`)).text();
      expect(after).toContain('Already paid');
      expect(after).not.toContain('Pay $5 (test)');
    });
  });
}
