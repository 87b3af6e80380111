/**
 * Issue 11 item 8: credits that would take a balance past 2^53 − 1 are refused with 422
 * `parameter_out_of_range` (param `credits`), nothing written, on SQLite and PostgreSQL;
 * up to exactly 2^53 − 1 is accepted and read back as a number. (Reaching the limit through
 * the API takes ~9,000 grants of the per-request maximum, so the test sets the customer's
 * one lot and balance just below it directly in the tables.)
 * Run by overflow.sqlite.test.ts and overflow.postgres.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

const MAX = Number.MAX_SAFE_INTEGER;

/** The suite on one database. */
export function describeOverflowOn(name: string, makeStore: () => Promise<Store>, skip: boolean): void {
  describe.skipIf(skip)(`balances near 2^53 on ${name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ makeStore });
      const k = t.a.key;
      expect((await t.call(k, 'POST', '/v1/customers', { id: 'big' })).status).toBe(200);
      const grant = await t.call(k, 'POST', '/v1/grants', { customer: 'big', credits: 1_000_000_000_000 });
      expect(grant.status).toBe(200);
      const lotId = String((grant.body.lot as { id: string }).id);
      const near = MAX - 5;
      const others = await t.store.raw.query<{ n: unknown }>(
        "SELECT COALESCE(SUM(remaining), 0) AS n FROM lots WHERE tenant_id = ? AND customer_id = 'big' AND id <> ?",
        [t.a.id, lotId],
      );
      const lot = near - Number(others[0]?.n ?? 0);
      await t.store.raw.run('UPDATE lots SET amount = ?, remaining = ? WHERE tenant_id = ? AND id = ?', [
        lot,
        lot,
        t.a.id,
        lotId,
      ]);
      await t.store.raw.run("UPDATE customers SET balance = ? WHERE tenant_id = ? AND id = 'big'", [
        near,
        t.a.id,
      ]);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses a grant past 2^53 − 1 with 422 naming credits, and writes nothing', async () => {
      const res = await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'big', credits: 6 });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'parameter_out_of_range', param: 'credits' });
      const customer = await t.call(t.a.key, 'GET', '/v1/customers/big');
      expect((customer.body.balance as { balance: number }).balance).toBe(MAX - 5);
    });

    it('refuses an adjustment past 2^53 − 1 the same way', async () => {
      const res = await t.engine.adjust({
        tenantId: t.a.id,
        idempotencyKey: 'adjust-over',
        customerId: 'big',
        credits: 1_000_000,
        reason: 'probe',
      });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error).toMatchObject({ code: 'parameter_out_of_range', param: 'credits' });
    });

    it('accepts up to exactly 2^53 − 1 and reads it back as a number', async () => {
      const res = await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'big', credits: 5 });
      expect(res.status).toBe(200);
      const customer = await t.call(t.a.key, 'GET', '/v1/customers/big');
      const balance = (customer.body.balance as { balance: unknown }).balance;
      expect(typeof balance).toBe('number');
      expect(balance).toBe(MAX);
      expect((await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'big', credits: 1 })).status).toBe(422);
    });
  });
}
