/**
 * The HTTP layer on every database in the list (SQLite, and PostgreSQL in a fresh schema on
 * TEST_DATABASE_URL): the same app, through the routes that use the access tables (keys,
 * sessions, API-key windows) and tenant isolation.
 */
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/support/each-database.ts';
import { createTestApp } from '../../test/support/http-app.ts';

forEachDatabase((db) => {
  it('holds, commits, verifies API keys, mints sessions and keeps tenants apart', async () => {
    const t = await createTestApp({ makeStore: db.makeStore });
    try {
      const k = t.a.key;
      expect((await t.call(k, 'POST', '/v1/customers', { id: 'pg', plan: 'studio-pro' })).status).toBe(200);
      expect((await t.call(k, 'POST', '/v1/grants', { customer: 'pg', credits: 100 })).status).toBe(200);
      const hold = await t.call(k, 'POST', '/v1/holds', { customer: 'pg', model: 'sdxl' });
      const receipt = await t.call(k, 'POST', `/v1/holds/${hold.body.id}/commit`, {});
      expect(receipt.body.credits_charged).toBe(12);
      const key = await t.call(k, 'POST', '/v1/api-keys', {
        customer: 'pg',
        requests_per_minute: 1,
        monthly_credit_cap: 20,
      });
      const first = await t.call(k, 'POST', '/v1/api-keys/verify', { key: key.body.key });
      expect(first.body).toMatchObject({ allowed: true, credit_cap: { used: 12, remaining: 8 } });
      expect((await t.call(k, 'POST', '/v1/api-keys/verify', { key: key.body.key })).body.reason).toBe(
        'rate_limited',
      );
      const session = await t.call(k, 'POST', '/v1/customers/pg/sessions', {});
      expect((await t.call(String(session.body.token), 'GET', '/v1/customers/pg')).status).toBe(200);
      expect((await t.call(t.b.key, 'GET', '/v1/customers/pg')).status).toBe(404);
      expect((await t.call(t.b.key, 'POST', `/v1/holds/${hold.body.id}/void`)).status).toBe(404);
      expect((await t.engine.verify()).ok).toBe(true);
    } finally {
      await t.close();
    }
  });
});
