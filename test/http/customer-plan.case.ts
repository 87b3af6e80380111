/**
 * Plans and allowances without Stripe (issue 12.3), through the HTTP API on SQLite and
 * PostgreSQL: `POST /v1/customers/:id/plan` moves a customer and, when asked, starts the period
 * with the plan's monthly credits, ending the last period's allowance like a renewal;
 * `POST /v1/customers` on a paid plan says whether an allowance was granted (default: none).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import {
  createPaymentsApp,
  type PaymentsApp,
  payTestCheckout,
  readCustomer,
  startCheckout,
} from '../support/payments-app.ts';

/** Registers the suite; `makeStore` picks the database (SQLite when absent). */
export function describeCustomerPlan(name: string, makeStore?: () => Promise<Store>, skip = false) {
  describe.skipIf(skip)(`customer plans without Stripe (${name})`, () => {
    let t: PaymentsApp;
    let n = 0;
    beforeAll(async () => {
      t = await createPaymentsApp(makeStore ? { makeStore } : {});
    });
    afterAll(() => t?.close());

    const create = (body: Record<string, unknown>) => t.call(t.palette.key, 'POST', '/v1/customers', body);
    const change = (id: string, body: Record<string, unknown>, key?: string) =>
      t.call(t.palette.key, 'POST', `/v1/customers/${id}/plan`, body, key);

    it('a customer created on a paid plan gets no allowance unless asked, and the answer says so', async () => {
      const plain = await create({ id: `paid-${++n}`, plan: 'creator-pro' });
      expect(plain.status).toBe(200);
      expect(plain.body).toMatchObject({ plan: 'creator-pro', allowance: { granted: false, credits: 0 } });
      expect((await readCustomer(t, t.palette, `paid-${n}`)).lots_by_source.plan).toBeUndefined();

      const granted = await create({ id: `paid-${++n}`, plan: 'creator-pro', grant_allowance: true });
      expect(granted.body).toMatchObject({ allowance: { granted: true, credits: 1500 } });
      expect((await readCustomer(t, t.palette, `paid-${n}`)).lots_by_source.plan).toBe(1500);
    });

    it('changes the plan, and with grant_allowance starts the period like a renewal, once', async () => {
      const id = `ops-${++n}`;
      await create({ id, plan: 'creator-pro' });
      const up = await change(id, { plan: 'studio-pro', grant_allowance: true });
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      expect(up.body).toMatchObject({
        object: 'customer',
        plan: 'studio-pro',
        previous_plan: 'creator-pro',
        allowance: { granted: true, credits: 5000, ended: 0, carried: 0 },
      });
      // Back down with a grant: Studio Pro's 5,000 end (no rollover cap), Creator Pro's 1,500 start.
      const down = await change(id, { plan: 'creator-pro', grant_allowance: true });
      expect(down.body).toMatchObject({
        allowance: { granted: true, credits: 1500, ended: 5000, carried: 0 },
      });
      let c = await readCustomer(t, t.palette, id);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['creator-pro', 1500]);

      // The same plan and month again (another request): nothing more is granted.
      const again = await change(id, { plan: 'creator-pro', grant_allowance: true });
      expect(again.body).toMatchObject({ plan: 'creator-pro', allowance: { granted: false, credits: 1500 } });
      // Without grant_allowance: the plan only.
      const only = await change(id, { plan: 'studio-pro' });
      expect(only.body).toMatchObject({ plan: 'studio-pro', allowance: { granted: false, credits: 1500 } });
      c = await readCustomer(t, t.palette, id);
      expect([c.plan, c.lots_by_source.plan]).toEqual(['studio-pro', 1500]);
      expect((await t.engine.verify()).ok).toBe(true);
    });

    it('is idempotent: the same key answers the same and grants once', async () => {
      const id = `idem-${++n}`;
      await create({ id });
      const first = await change(id, { plan: 'enterprise', grant_allowance: true }, `plan-${id}`);
      const replay = await change(id, { plan: 'enterprise', grant_allowance: true }, `plan-${id}`);
      expect(replay.body).toEqual(first.body);
      expect((await readCustomer(t, t.palette, id)).lots_by_source.plan).toBe(20000);
      const conflict = await change(id, { plan: 'studio-pro', grant_allowance: true }, `plan-${id}`);
      expect([conflict.status, conflict.body.error?.code]).toEqual([409, 'idempotency_conflict']);
    });

    it('refuses unknown plans and customers, bad fields, and subscribers, naming the field', async () => {
      const id = `bad-${++n}`;
      await create({ id });
      const unknownPlan = await change(id, { plan: 'platinum' });
      expect([unknownPlan.body.error?.code, unknownPlan.body.error?.param]).toEqual(['unknown_plan', 'plan']);
      const unknownCustomer = await change('nobody-here', { plan: 'studio-pro' });
      expect([unknownCustomer.status, unknownCustomer.body.error?.code]).toEqual([404, 'not_found']);
      const badFlag = await change(id, { plan: 'studio-pro', grant_allowance: 'yes' });
      expect([badFlag.status, badFlag.body.error?.param]).toEqual([400, 'grant_allowance']);

      // A TEST MODE subscription makes the customer a subscriber: their plan follows Stripe.
      const started = await startCheckout(t, t.palette, { customer: id, plan: 'creator-pro' });
      const pay = await payTestCheckout(t, String(started.body.url));
      expect(pay.statusCode).toBe(200);
      const subscriber = await change(id, { plan: 'studio-pro', grant_allowance: true });
      expect([subscriber.status, subscriber.body.error?.param]).toEqual([400, 'customer']);
      expect((await readCustomer(t, t.palette, id)).plan).toBe('creator-pro');
    });
  });
}
