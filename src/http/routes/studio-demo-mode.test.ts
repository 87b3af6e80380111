/**
 * The studio's endpoints exist only in demo mode (issue 12 item 9), and demo sessions, which
 * make customers with credits for anyone who asks, are limited per client address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/http-app.ts';
import { DEMO_SESSIONS_PER_MINUTE } from './studio.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const startSession = (app: TestApp, remoteAddress: string) =>
  app.app.inject({
    method: 'POST',
    url: '/studio/api/session',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ preset: 'musicgen' }),
  });

describe('demo mode', () => {
  it('off: the studio endpoints answer 404 and are not in the OpenAPI document', async () => {
    t = await createTestApp({ demo: false });
    const session = await startSession(t, '203.0.113.7');
    expect([session.statusCode, session.json().error.code]).toEqual([404, 'not_found']);
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    expect(paths.filter((p) => p.startsWith('/studio'))).toEqual([]);
    expect(paths).toContain('/v1/checkout');
  });

  it('on: one address gets a limited number of demo sessions a minute; others are unaffected', async () => {
    t = await createTestApp();
    const app = t;
    for (let i = 0; i < DEMO_SESSIONS_PER_MINUTE; i += 1) {
      expect((await startSession(app, '203.0.113.7')).statusCode).toBe(200);
    }
    const refused = await startSession(app, '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await startSession(app, '198.51.100.9')).statusCode).toBe(200);
  });
});
