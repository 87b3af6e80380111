/**
 * Issue 11 item 7: credentials can be revoked and rotated, and every process sees it within
 * 5 seconds. Two real `tollgate serve` processes on one database: a key minted through one is
 * listed (never shown) through the other; a key revoked through one (and through the CLI) is
 * refused by the other, whose cache had just accepted it; rotating the session secret (CLI)
 * makes the other process refuse a session token it had just accepted. The 5 s is the
 * promise being tested (a deadline for the refusal to appear), not a measured speed.
 * Run by revocation.sqlite.test.ts and revocation.postgres.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { provisionTenant } from '../../src/cli/tenant.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { ServerDatabase } from '../support/server-databases.ts';
import { type ServerProcess, startServerProcess } from '../support/server-processes.ts';

const VISIBLE_WITHIN_MS = 5_000;

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: Record<string, unknown> & { error?: { code: string; param?: string } };
}

async function send(server: ServerProcess, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(method === 'GET' ? {} : { 'idempotency-key': `k-${Math.random().toString(36).slice(2)}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) } as Answer;
}

/** Polls until `path` answers 401 with `key` on `server`; fails past the 5 s promise. */
async function expectRefusedSoon(server: ServerProcess, key: string, path: string): Promise<void> {
  const deadline = Date.now() + VISIBLE_WITHIN_MS;
  for (;;) {
    const answer = await send(server, key, 'GET', path);
    if (answer.status === 401) return;
    expect(answer.status).toBe(200);
    if (Date.now() > deadline) throw new Error(`${path} still answered 200 after ${VISIBLE_WITHIN_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

/** The suite on one database with two server processes. */
export function describeRevocationOn(name: string, open: () => Promise<ServerDatabase>, skip: boolean): void {
  describe.skipIf(skip)(`revoking and rotating credentials across two processes on ${name}`, () => {
    let db: ServerDatabase;
    let a: ServerProcess;
    let b: ServerProcess;
    let key0 = '';

    beforeAll(async () => {
      db = await open();
      const made = await provisionTenant(createEngine({ store: db.store }), {
        name: 'Credentials',
        catalog: 'directors-palette',
        tenantId: 'cred',
      });
      if (!made.ok) throw new Error(made.error.message);
      key0 = made.value.secretKey;
      [a, b] = await Promise.all([
        startServerProcess({ DATABASE_URL: db.url }),
        startServerProcess({ DATABASE_URL: db.url }),
      ]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await db?.close();
    });

    it('mints, lists without secrets, and revokes keys; the other process refuses within 5 s', async () => {
      const minted = await send(a, key0, 'POST', '/v1/tenant-keys', { name: 'deploy 2' });
      expect(minted.status, minted.text).toBe(200);
      const key1 = String(minted.body.key);
      expect(key1).toMatch(/^tg_sk_/);
      expect(minted.body).toMatchObject({ object: 'tenant_key', name: 'deploy 2', revoked_at: null });

      const listed = await send(b, key1, 'GET', '/v1/tenant-keys');
      expect(listed.status).toBe(200);
      const data = listed.body.data as { id: string; name: string | null; prefix: string }[];
      expect(data).toHaveLength(2);
      expect(listed.text).not.toContain(key0);
      expect(listed.text).not.toContain(key1);
      expect(listed.text).not.toContain('"key"');
      expect(key0.startsWith(data[0]?.prefix as string)).toBe(true);

      // B has just accepted key0 (and may cache it); A revokes it.
      expect((await send(b, key0, 'GET', '/v1/catalog')).status).toBe(200);
      const revoked = await send(a, key1, 'DELETE', `/v1/tenant-keys/${data[0]?.id}`);
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.body.revoked_at).toEqual(expect.any(Number));
      await expectRefusedSoon(b, key0, '/v1/catalog');
      await expectRefusedSoon(a, key0, '/v1/catalog');
      expect((await send(b, key1, 'GET', '/v1/catalog')).status).toBe(200);

      // The last live key cannot be revoked: nobody could call the API any more.
      const last = await send(b, key1, 'DELETE', `/v1/tenant-keys/${data[1]?.id}`);
      expect(last.status).toBe(400);
      expect(last.body.error).toMatchObject({ code: 'invalid_request', param: 'id' });

      // The CLI: mint another, revoke key1 by id; B refuses key1 within 5 s.
      const cliKey = await cli('tenant', 'key', '--tenant', 'cred', '--name', 'ops', '--db', db.url);
      expect(cliKey.code, cliKey.err).toBe(0);
      const key2 = String((JSON.parse(cliKey.out) as { secret_key: string }).secret_key);
      const cliRevoke = await cli('tenant', 'key', '--revoke', String(data[1]?.id), '--db', db.url);
      expect(cliRevoke.code, cliRevoke.err).toBe(0);
      expect(JSON.parse(cliRevoke.out)).toMatchObject({ tenant: 'cred', key_id: data[1]?.id });
      await expectRefusedSoon(b, key1, '/v1/catalog');
      expect((await send(b, key2, 'GET', '/v1/catalog')).status).toBe(200);
      const listing = await cli('tenant', 'key', '--tenant', 'cred', '--list', '--json', '--db', db.url);
      const rows = JSON.parse(listing.out) as { name: string | null; revoked_at: string | null }[];
      expect(rows.map((r) => [r.name, r.revoked_at === null])).toEqual([
        [null, false],
        ['deploy 2', false],
        ['ops', true],
      ]);
    }, 60_000);

    it('rotating the session secret makes the other process refuse old tokens within 5 s', async () => {
      const key = String(
        (
          JSON.parse((await cli('tenant', 'key', '--tenant', 'cred', '--db', db.url)).out) as {
            secret_key: string;
          }
        ).secret_key,
      );
      expect((await send(a, key, 'POST', '/v1/customers', { id: 'viewer' })).status).toBe(200);
      const session = await send(a, key, 'POST', '/v1/customers/viewer/sessions', {});
      const token = String(session.body.token);
      expect((await send(b, token, 'GET', '/v1/customers/viewer')).status).toBe(200);

      const rotated = await cli('tenant', 'rotate-session-secret', '--tenant', 'cred', '--db', db.url);
      expect(rotated.code, rotated.err).toBe(0);
      await expectRefusedSoon(b, token, '/v1/customers/viewer');
      await expectRefusedSoon(a, token, '/v1/customers/viewer');
      const fresh = await send(a, key, 'POST', '/v1/customers/viewer/sessions', {});
      expect((await send(b, String(fresh.body.token), 'GET', '/v1/customers/viewer')).status).toBe(200);
    }, 60_000);
  });
}
