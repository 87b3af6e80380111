/**
 * Issue 14 item 2: customers for operators — `GET /v1/customers` (newest first, id or email
 * prefix, plan and flag filters, cursor pages), flag and unflag, signed adjustments with a
 * reason — through the API on SQLite and PostgreSQL; customer session tokens are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../support/each-database.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

forEachDatabase((db) => {
  describe('customers for operators', () => {
    let t: TestApp;
    let clock = Date.UTC(2026, 5, 1, 9);
    beforeAll(async () => {
      t = await createTestApp({ makeStore: db.makeStore, now: () => clock });
      const people: [string, string | null, string?][] = [
        ['ana', 'Ana@Example.com'],
        ['anton', 'anton@shop.test', 'creator-pro'],
        ['bea', 'bea@example.com'],
        ['carl', null],
        ['andrea', 'zed@example.com'],
      ];
      for (const [id, email, plan] of people) {
        clock += 60_000;
        const made = await t.call(t.a.key, 'POST', '/v1/customers', {
          id,
          ...(email === null ? {} : { email }),
          ...(plan === undefined ? {} : { plan }),
        });
        expect(made.status, JSON.stringify(made.body)).toBe(200);
      }
      await t.call(t.b.key, 'POST', '/v1/customers', { id: 'ann-of-b' });
    });
    afterAll(() => t?.close());

    const list = async (query: string, key = t.a.key) => t.call(key, 'GET', `/v1/customers${query}`);
    const ids = (answer: { body: Record<string, unknown> }) =>
      (answer.body.data as { id: string }[]).map((c) => c.id);

    it('lists the tenant’s customers newest first, with balance and plan', async () => {
      const all = await list('');
      expect(all.status).toBe(200);
      expect(ids(all)).toEqual(['andrea', 'carl', 'bea', 'anton', 'ana']);
      expect((all.body.data as Record<string, unknown>[])[3]).toMatchObject({
        id: 'anton',
        email: 'anton@shop.test',
        plan: 'creator-pro',
        flagged: false,
      });
      expect(all.body).toMatchObject({ object: 'list', has_more: false, next_cursor: null });
    });

    it('searches by id prefix or email prefix without case, and filters by plan', async () => {
      expect(ids(await list('?query=an'))).toEqual(['andrea', 'anton', 'ana']);
      expect(ids(await list('?query=ANA%40ex'))).toEqual(['ana']);
      expect(ids(await list('?query=zed'))).toEqual(['andrea']);
      expect(ids(await list('?query=an&plan=creator-pro'))).toEqual(['anton']);
      expect(ids(await list('?query=nobody'))).toEqual([]);
    });

    it('pages with a cursor, each customer once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(`?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        seen.push(...ids(page));
        cursor = page.body.next_cursor as string | null;
        expect(page.body.has_more).toBe(cursor !== null);
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBe(3);
      expect(seen).toEqual(['andrea', 'carl', 'bea', 'anton', 'ana']);
      const bad = await list('?cursor=nonsense');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_request', param: 'cursor' });
      expect((await list('?limit=0')).body.error?.param).toBe('limit');
    });

    it('flags and unflags, idempotently, and filters by flag', async () => {
      const flagged = await t.call(
        t.a.key,
        'POST',
        '/v1/customers/bea/flag',
        { reason: 'chargeback pattern' },
        'flag-bea',
      );
      expect(flagged.body).toEqual({ object: 'customer_flag', customer: 'bea', flagged: true });
      const again = await t.call(
        t.a.key,
        'POST',
        '/v1/customers/bea/flag',
        { reason: 'chargeback pattern' },
        'flag-bea',
      );
      expect(again.body).toEqual(flagged.body);
      expect(ids(await list('?flagged=true'))).toEqual(['bea']);
      expect(ids(await list('?flagged=false'))).not.toContain('bea');
      expect((await t.call(t.a.key, 'GET', '/v1/customers/bea')).body.flagged).toBe(true);
      const cleared = await t.call(t.a.key, 'POST', '/v1/customers/bea/unflag', {});
      expect(cleared.body.flagged).toBe(false);
      expect(ids(await list('?flagged=true'))).toEqual([]);
      const missing = await t.call(t.a.key, 'POST', '/v1/customers/ann-of-b/flag', {});
      expect(missing.status).toBe(404);
    });

    it('adjusts credits up and down with a reason, never below zero', async () => {
      const before = (await t.call(t.a.key, 'GET', '/v1/customers/carl')).body.balance as {
        available: number;
      };
      const up = await t.call(t.a.key, 'POST', '/v1/customers/carl/adjustments', {
        credits: 40,
        reason: 'support goodwill',
      });
      expect(up.body).toMatchObject({ object: 'adjustment', customer: 'carl', credits: 40 });
      const down = await t.call(t.a.key, 'POST', '/v1/customers/carl/adjustments', {
        credits: -15,
        reason: 'duplicate grant',
      });
      expect(down.status).toBe(200);
      const after = (await t.call(t.a.key, 'GET', '/v1/customers/carl')).body.balance as {
        available: number;
      };
      expect(after.available - before.available).toBe(25);
      const tooMuch = await t.call(t.a.key, 'POST', '/v1/customers/carl/adjustments', {
        credits: -1_000_000,
        reason: 'x',
      });
      expect(tooMuch.status).toBe(402);
      expect(tooMuch.body.error).toMatchObject({ code: 'insufficient_credits', param: 'credits' });
      const zero = await t.call(t.a.key, 'POST', '/v1/customers/carl/adjustments', {
        credits: 0,
        reason: 'x',
      });
      expect(zero.body.error?.param).toBe('credits');
      const noReason = await t.call(t.a.key, 'POST', '/v1/customers/carl/adjustments', { credits: 5 });
      expect(noReason.body.error?.param).toBe('reason');
    });

    it("lists a customer's API keys, revoked ones too, without the keys", async () => {
      await t.call(t.a.key, 'POST', '/v1/customers', { id: 'dev', plan: 'studio-pro' });
      const made = await t.call(t.a.key, 'POST', '/v1/api-keys', { customer: 'dev', name: 'ci' });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      const second = await t.call(t.a.key, 'POST', '/v1/api-keys', { customer: 'dev', name: 'laptop' });
      await t.call(t.a.key, 'DELETE', `/v1/api-keys/${made.body.id}`);
      const list = await t.call(t.a.key, 'GET', '/v1/customers/dev/api-keys');
      const data = list.body.data as { id: string; name: string; revoked_at: number | null; key?: string }[];
      expect(data.map((k) => k.name)).toEqual(['laptop', 'ci']);
      expect(data[0]?.id).toBe(second.body.id);
      expect(data[1]?.revoked_at).not.toBeNull();
      expect(JSON.stringify(list.body)).not.toContain(second.body.key as string);
      expect((await t.call(t.a.key, 'GET', '/v1/customers/nobody/api-keys')).status).toBe(404);
      expect((await t.call(t.b.key, 'GET', '/v1/customers/dev/api-keys')).status).toBe(404);
    });

    it('refuses customer session tokens', async () => {
      const token = (await t.call(t.a.key, 'POST', '/v1/customers/ana/sessions', {})).body.token as string;
      expect((await list('', token)).status).toBe(403);
      expect((await t.call(token, 'POST', '/v1/customers/ana/flag', {})).status).toBe(403);
      expect(
        (await t.call(token, 'POST', '/v1/customers/ana/adjustments', { credits: 5, reason: 'x' })).status,
      ).toBe(403);
    });
  });
});
