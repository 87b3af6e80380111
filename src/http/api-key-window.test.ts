/**
 * Customer API key rate limits are a sliding window (issue 11, item 9), on SQLite and
 * PostgreSQL: a key with N requests a minute sending N just before a minute boundary and N just
 * after gets N through, not 2N; in any 60 s at most N pass; the window frees slots as the oldest
 * requests leave it; and N + 15 concurrent requests admit exactly N.
 */
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../test/support/each-database.ts';
import { createTestApp } from '../../test/support/http-app.ts';
import type { Store } from '../store/store.ts';

const N = 5;
const MINUTE = 60_000;

function suite(name: string, makeStore?: () => Promise<Store>) {
  const base = makeStore === undefined ? {} : { makeStore };

  it(`lets at most N through in any 60 s across a minute boundary (${name})`, async () => {
    const boundary = Math.ceil(Date.now() / MINUTE) * MINUTE + MINUTE;
    let clock = boundary - 1_000;
    const t = await createTestApp({ ...base, now: () => clock });
    try {
      const k = t.a.key;
      expect((await t.call(k, 'POST', '/v1/customers', { id: 'dev', plan: 'studio-pro' })).status).toBe(200);
      const created = await t.call(k, 'POST', '/v1/api-keys', { customer: 'dev', requests_per_minute: N });
      expect(created.status).toBe(200);
      const admitted: number[] = [];
      const burst = async (at: number, count: number) => {
        clock = at;
        let through = 0;
        for (let i = 0; i < count; i += 1) {
          const v = await t.call(k, 'POST', '/v1/api-keys/verify', { key: created.body.key });
          expect(v.status).toBe(200);
          if (v.body.allowed === true) {
            through += 1;
            admitted.push(clock);
          } else {
            expect(v.body.reason).toBe('rate_limited');
            expect(Number(v.headers['retry-after'])).toBeGreaterThan(0);
          }
        }
        return through;
      };
      expect(await burst(boundary - 1_000, N)).toBe(N); // just before the minute ends
      expect(await burst(boundary + 1_000, N)).toBe(0); // just after: still the same 60 s
      expect(await burst(boundary + 30_000, N)).toBe(0);
      expect(await burst(boundary - 1_000 + MINUTE, N)).toBe(N); // the first burst has left the window
      expect(await burst(boundary + 1_000 + MINUTE, 2)).toBe(0);
      for (const start of admitted) {
        const inWindow = admitted.filter((at) => at >= start && at < start + MINUTE).length;
        expect(inWindow).toBeLessThanOrEqual(N);
      }
    } finally {
      await t.close();
    }
  });

  it(`admits exactly N of N + 15 concurrent requests (${name})`, async () => {
    const t = await createTestApp(base);
    try {
      const k = t.a.key;
      await t.call(k, 'POST', '/v1/customers', { id: 'dev', plan: 'studio-pro' });
      const created = await t.call(k, 'POST', '/v1/api-keys', { customer: 'dev', requests_per_minute: N });
      const answers = await Promise.all(
        Array.from({ length: N + 15 }, () =>
          t.call(k, 'POST', '/v1/api-keys/verify', { key: created.body.key }),
        ),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.body.allowed === true)).toHaveLength(N);
    } finally {
      await t.close();
    }
  });
}

describe('customer API key rate limit', () => {
  forEachDatabase((db) => suite(db.name, db.makeStore));
});
