/**
 * Issue 14 item 4: operator sign-in. A secret key (or a one-time link) is exchanged once for an
 * HttpOnly, SameSite=Strict session cookie; writes made with it need the CSRF token; it expires;
 * and no customer session token can reach an operator route, whether sent as a bearer token,
 * put in the cookie, or re-signed as an operator token with the customer-token key. On SQLite
 * and PostgreSQL (the session secret lives in the database).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInLinks, type SignInLinks } from '../../src/http/operator/sign-in-links.ts';
import { forEachDatabase } from '../support/each-database.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

const HOUR = 60 * 60 * 1000;

forEachDatabase((db) => {
  describe('operator sign-in', () => {
    let t: TestApp;
    let clock = Date.UTC(2026, 11, 5, 9, 0, 0);
    let links: SignInLinks;
    beforeAll(async () => {
      links = createSignInLinks(() => clock);
      t = await createTestApp({ makeStore: db.makeStore, now: () => clock, signInLinks: links });
    });
    afterAll(() => t?.close());

    async function inject(
      method: 'GET' | 'POST',
      url: string,
      headers: Record<string, string>,
      body?: unknown,
    ) {
      const res = await t.app.inject({
        method,
        url,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      const json = res.headers['content-type']?.toString().includes('json') ? res.json() : null;
      return {
        status: res.statusCode,
        headers: res.headers,
        body: json as Record<string, unknown> & {
          error?: { code: string; param?: string };
          csrf_token?: string;
          tenant?: string;
        },
      };
    }

    async function signIn(key: string) {
      const res = await inject('POST', '/v1/operator/session', {}, { key });
      expect(res.status).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      const cookie = setCookie.split(';')[0] as string;
      return { cookie, csrf: res.body.csrf_token as string, setCookie, body: res.body };
    }

    it('exchanges the key once for an HttpOnly, SameSite=Strict, one-hour cookie and a CSRF token', async () => {
      const { setCookie, body, cookie } = await signIn(t.a.key);
      expect(setCookie).toMatch(
        /^tg_operator=tg_os_[^;]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Strict$/,
      );
      expect(body).toMatchObject({ object: 'operator_session', tenant: t.a.id, expires_at: clock + HOUR });
      expect(typeof body.csrf_token).toBe('string');
      // The token lives only in the cookie: the answer the page sees does not carry it or the key.
      expect(JSON.stringify(body)).not.toContain(cookie.split('=')[1]);
      expect(JSON.stringify(body)).not.toContain(t.a.key);
      const read = await inject('GET', '/v1/operator/session', { cookie });
      expect(read.status).toBe(200);
      expect(read.body.csrf_token).toBe(body.csrf_token);
    });

    it('refuses a wrong key, naming it', async () => {
      const res = await inject('POST', '/v1/operator/session', {}, { key: 'tg_sk_nope' });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthorized', param: 'key' });
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('reads with the cookie alone, only its own tenant', async () => {
      const { cookie } = await signIn(t.a.key);
      const made = await t.call(t.b.key, 'POST', '/v1/customers', { id: 'b-only' });
      expect(made.status).toBe(200);
      expect((await inject('GET', '/v1/usage', { cookie })).status).toBe(200);
      const other = await inject('GET', '/v1/customers/b-only', { cookie });
      expect(other.status).toBe(404);
    });

    it('needs the CSRF token on every write made with the cookie', async () => {
      const a = await signIn(t.a.key);
      const b = await signIn(t.b.key);
      const write = (headers: Record<string, string>, id: string) =>
        inject('POST', '/v1/customers', { ...headers, 'idempotency-key': `csrf-${id}` }, { id });
      const bare = await write({ cookie: a.cookie }, 'c1');
      expect(bare.status).toBe(403);
      expect(bare.body.error).toMatchObject({ code: 'forbidden', param: 'X-CSRF-Token' });
      const foreign = await write({ cookie: a.cookie, 'x-csrf-token': b.csrf }, 'c2');
      expect(foreign.status).toBe(403);
      const good = await write({ cookie: a.cookie, 'x-csrf-token': a.csrf }, 'c3');
      expect(good.status).toBe(200);
      expect((await t.call(t.a.key, 'GET', '/v1/customers/c3')).status).toBe(200);
      expect((await t.call(t.a.key, 'GET', '/v1/customers/c1')).status).toBe(404);
    });

    it('expires after an hour', async () => {
      const { cookie } = await signIn(t.a.key);
      clock += HOUR + 1;
      const res = await inject('GET', '/v1/usage', { cookie });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthorized', param: 'Cookie' });
      expect((await inject('GET', '/v1/operator/session', { cookie })).status).toBe(401);
    });

    it('never lets a customer session token reach an operator route', async () => {
      expect((await t.call(t.a.key, 'POST', '/v1/customers', { id: 'cust' })).status).toBe(200);
      const minted = await t.call(t.a.key, 'POST', '/v1/customers/cust/sessions', {});
      const token = minted.body.token as string;
      expect(token).toMatch(/^tg_cs_/);
      for (const url of [
        '/v1/usage',
        '/v1/analytics/usage',
        '/v1/analytics/revenue',
        '/v1/customers',
        '/v1/operator/session',
      ]) {
        const asBearer = await inject('GET', url, { authorization: `Bearer ${token}` });
        expect([401, 403]).toContain(asBearer.status);
        const asCookie = await inject('GET', url, { cookie: `tg_operator=${token}` });
        expect(asCookie.status).toBe(401);
      }
      // Re-signed as an operator token with the key that signs customer tokens: still refused.
      const secret = await t.engine.loadSessionSecret(t.a.id);
      if (!secret.ok) throw new Error('no secret');
      const payload = Buffer.from(JSON.stringify({ t: t.a.id, e: clock + HOUR, n: 'x' })).toString(
        'base64url',
      );
      const forged = `tg_os_${payload}.${createHmac('sha256', secret.value).update(payload).digest('base64url')}`;
      expect((await inject('GET', '/v1/usage', { cookie: `tg_operator=${forged}` })).status).toBe(401);
    });

    it('signs in once through a one-time link, then refuses the link', async () => {
      const token = links.issue(t.a.id);
      const first = await inject('GET', `/dashboard/sign-in?token=${token}`, {});
      expect(first.status).toBe(303);
      expect(first.headers.location).toBe('/dashboard/');
      const cookie = String(first.headers['set-cookie']).split(';')[0] as string;
      expect(cookie).toMatch(/^tg_operator=tg_os_/);
      expect((await inject('GET', '/v1/usage', { cookie })).status).toBe(200);
      const again = await inject('GET', `/dashboard/sign-in?token=${token}`, {});
      expect(again.status).toBe(303);
      expect(again.headers.location).toBe('/dashboard/?sign_in=expired');
      expect(again.headers['set-cookie']).toBeUndefined();
      const late = links.issue(t.a.id);
      clock += 16 * 60 * 1000;
      expect((await inject('GET', `/dashboard/sign-in?token=${late}`, {})).headers.location).toBe(
        '/dashboard/?sign_in=expired',
      );
    });

    it('ends when the tenant rotates its session secret', async () => {
      const { cookie } = await signIn(t.b.key);
      expect((await inject('GET', '/v1/usage', { cookie })).status).toBe(200);
      const rotated = await t.engine.rotateSessionSecret(t.b.id);
      expect(rotated.ok).toBe(true);
      clock += 3_000; // past the authenticator's 2 s cache of session secrets
      expect((await inject('GET', '/v1/usage', { cookie })).status).toBe(401);
    });

    it('signs out by clearing the cookie', async () => {
      const res = await inject('POST', '/v1/operator/session/end', {});
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(
        /^tg_operator=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict$/,
      );
    });
  });
});
