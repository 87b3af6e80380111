/** `/metrics` behind `METRICS_TOKEN` (issue 11, item 9): 401 without the token when it is set. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/http-app.ts';

let open: TestApp;
let guarded: TestApp;
beforeAll(async () => {
  open = await createTestApp();
  guarded = await createTestApp({ env: { METRICS_TOKEN: 'scrape-me-please' } });
});
afterAll(async () => {
  await open.close();
  await guarded.close();
});

const scrape = (t: TestApp, authorization?: string) =>
  t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: authorization === undefined ? {} : { authorization },
  });

describe('/metrics', () => {
  it('is public when METRICS_TOKEN is not set', async () => {
    const res = await scrape(open);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('# HELP');
  });

  it('answers 401 without the token, with a wrong one or with a tenant key, and 200 with it', async () => {
    for (const header of [
      undefined,
      'Bearer wrong',
      'Bearer scrape-me-pleasE',
      `Bearer ${guarded.a.key}`,
      'scrape-me-please',
    ]) {
      const res = await scrape(guarded, header);
      expect(res.statusCode, String(header)).toBe(401);
      expect(res.json().error).toMatchObject({ code: 'unauthorized', param: 'Authorization' });
      expect(res.body).not.toContain('# HELP');
    }
    const res = await scrape(guarded, 'Bearer scrape-me-please');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('# HELP');
  });
});
