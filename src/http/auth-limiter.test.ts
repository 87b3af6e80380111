/**
 * The failed-authentication limiter never refuses good credentials (issue 11, item 3), on
 * SQLite and PostgreSQL: 25 bad keys a minute from one address leave every valid request from
 * that address answered; failures are counted per address and per key prefix; an expired
 * session token is a 401 that does not count; `X-Forwarded-For` moves the address only when
 * the peer is a proxy named in `TRUST_PROXY`. The clock is injected: no test waits a minute.
 */
import { describe, expect, it } from 'vitest';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { createTestApp, type TestApp } from '../../test/support/http-app.ts';
import type { Store } from '../store/store.ts';

/** One GET /v1/catalog with a bearer, from a peer address, optionally through X-Forwarded-For. */
async function get(t: TestApp, key: string, from = '198.51.100.7', forwardedFor?: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: '/v1/catalog',
    remoteAddress: from,
    headers: {
      authorization: `Bearer ${key}`,
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
  });
  return { status: res.statusCode, code: (res.json() as { error?: { code: string } }).error?.code, res };
}

const badKey = (i: number) => `tg_sk_${String(i).padStart(6, '0')}guessguessguessguess`;

function suite(name: string, makeStore?: () => Promise<Store>) {
  const base = makeStore === undefined ? {} : { makeStore };

  it(`25 bad keys a minute from one address leave 100 % of its valid requests answered (${name})`, async () => {
    let clock = Date.now();
    const t = await createTestApp({ ...base, now: () => clock, authFailuresPerMinute: 20 });
    try {
      const statuses: number[] = [];
      let valid = 0;
      let answered = 0;
      const sendGoodKey = async () => {
        valid += 1;
        if ((await get(t, t.a.key)).status === 200) answered += 1;
      };
      for (let minute = 0; minute < 3; minute += 1) {
        // 25 bad keys in a burst at the top of the minute, each followed by a valid request...
        for (let i = 0; i < 25; i += 1) {
          statuses.push((await get(t, badKey(minute * 100 + i))).status);
          await sendGoodKey();
        }
        // ...and a valid request every 2 s for the rest of the minute.
        for (let second = 0; second < 60; second += 2) {
          clock += 2_000;
          await sendGoodKey();
        }
      }
      expect(statuses.length).toBe(75);
      expect(answered).toBe(valid);
      expect(statuses).toContain(429); // the guesses were slowed all the same
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    } finally {
      await t.close();
    }
  });
}

describe('failed authentication', () => {
  suite('sqlite');
  describe.skipIf(SKIP_POSTGRES)('postgres', () => suite('postgres', () => makePostgresStore()));

  it('refuses the 21st failure from an address with 429 and Retry-After, and answers its good key', async () => {
    const t = await createTestApp({ authFailuresPerMinute: 20 });
    try {
      for (let i = 0; i < 20; i += 1) expect((await get(t, badKey(i))).status).toBe(401);
      const limited = await get(t, badKey(99));
      expect(limited).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(limited.res.headers['retry-after'])).toBeGreaterThan(0);
      expect((await get(t, t.a.key)).status).toBe(200);
      expect((await get(t, badKey(1), '198.51.100.8')).status).toBe(401); // another address
    } finally {
      await t.close();
    }
  });

  it('counts failures per key prefix across addresses', async () => {
    const t = await createTestApp({ authFailuresPerMinute: 20 });
    try {
      const prefix = 'tg_sk_Leaked';
      for (let i = 0; i < 20; i += 1) {
        expect((await get(t, `${prefix}guess${i}`, `203.0.113.${i + 1}`)).status).toBe(401);
      }
      expect((await get(t, `${prefix}guess-last`, '203.0.113.200')).status).toBe(429);
      expect((await get(t, 'tg_sk_Otherxguess', '203.0.113.201')).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('answers an expired session token 401 without counting it as an attack', async () => {
    let clock = Date.now();
    const t = await createTestApp({ now: () => clock, authFailuresPerMinute: 20 });
    try {
      expect((await t.call(t.a.key, 'POST', '/v1/customers', { id: 'sam' })).status).toBe(200);
      const minted = await t.call(t.a.key, 'POST', '/v1/customers/sam/sessions', { ttl_seconds: 60 });
      const token = String(minted.body.token);
      const read = () =>
        t.app.inject({
          method: 'GET',
          url: '/v1/customers/sam',
          remoteAddress: '198.51.100.9',
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await read()).statusCode).toBe(200);
      clock += 61_000;
      for (let i = 0; i < 40; i += 1) {
        const res = await read();
        expect(res.statusCode).toBe(401);
        expect(res.json().error.message).toMatch(/expired/);
      }
      // None of them counted: the address still has its 20 failures.
      for (let i = 0; i < 20; i += 1) expect((await get(t, badKey(i), '198.51.100.9')).status).toBe(401);
      expect((await get(t, badKey(21), '198.51.100.9')).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-For unless the peer is a proxy named in TRUST_PROXY', async () => {
    const direct = await createTestApp({ authFailuresPerMinute: 20 });
    try {
      // Without TRUST_PROXY a client cannot dodge its count by inventing addresses.
      for (let i = 0; i < 20; i += 1)
        expect((await get(direct, badKey(i), '198.51.100.7', `192.0.2.${i}`)).status).toBe(401);
      expect((await get(direct, badKey(50), '198.51.100.7', '192.0.2.250')).status).toBe(429);
    } finally {
      await direct.close();
    }
    const proxied = await createTestApp({ authFailuresPerMinute: 20, env: { TRUST_PROXY: '10.0.0.0/8' } });
    try {
      for (let i = 0; i < 20; i += 1)
        expect((await get(proxied, badKey(i), '10.1.1.1', '192.0.2.1')).status).toBe(401);
      expect((await get(proxied, badKey(60), '10.1.1.1', '192.0.2.1')).status).toBe(429);
      // Another client behind the same proxy has its own count.
      expect((await get(proxied, badKey(61), '10.1.1.1', '192.0.2.2')).status).toBe(401);
      // A peer that is not a configured proxy is counted by its own address, whatever it forwards.
      for (let i = 0; i < 20; i += 1)
        expect((await get(proxied, badKey(100 + i), '203.0.113.50', `192.0.2.${100 + i}`)).status).toBe(401);
      expect((await get(proxied, badKey(200), '203.0.113.50', '192.0.2.222')).status).toBe(429);
    } finally {
      await proxied.close();
    }
  });
});
