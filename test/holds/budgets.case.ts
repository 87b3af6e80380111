/**
 * Issue 17 item 3 through the HTTP API: budgets for agent runs. A hold placed with
 * `parent_hold` draws from that hold's budget left instead of from the customer's lots; a
 * child beyond it is refused naming `parent_hold`; a child's commit charges the customer once
 * (the tree's reservation shrinks by the charge, what it did not use goes back to the parent);
 * voiding or expiring the parent voids its open children; concurrent children never take more
 * than the parent has; replays answer the first answer. Every test ends with the ledger verified.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

/** sdxl costs 12 credits an image in the Director's Palette preset. */
const IMAGE = 12;

export function describeHoldBudgets(
  name: string,
  makeStore: (() => Promise<Store>) | undefined,
  skip = false,
) {
  describe.skipIf(skip)(`budgets for agent runs on ${name}`, () => {
    let t: TestApp;
    let clock = Date.UTC(2026, 0, 5, 12);
    const balanceOf = async (customer: string) =>
      (await t.call(t.a.key, 'GET', `/v1/customers/${customer}`)).body.balance as {
        balance: number;
        held: number;
        available: number;
      };
    const hold = async (id: string) => (await t.call(t.a.key, 'GET', `/v1/holds/${id}`)).body;
    const place = async (customer: string, count: number, extra: Record<string, unknown> = {}) => {
      const placed = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer,
        model: 'sdxl',
        params: { count },
        ...extra,
      });
      expect(placed.status).toBe(200);
      return String(placed.body.id);
    };

    beforeAll(async () => {
      t = await createTestApp({ ...(makeStore === undefined ? {} : { makeStore }), now: () => clock });
      for (const id of ['ann', 'bob', 'cyd', 'dee', 'eve', 'kit']) {
        expect((await t.call(t.a.key, 'POST', '/v1/customers', { id, plan: 'studio-pro' })).status).toBe(200);
        expect((await t.call(t.a.key, 'POST', '/v1/grants', { customer: id, credits: 1000 })).status).toBe(
          200,
        );
      }
    });
    afterEach(async () => {
      expect((await t.engine.verify()).problems).toEqual([]);
    });
    afterAll(() => t.close());

    it('places a child within the budget and charges the customer once when it commits', async () => {
      const parent = await place('ann', 4); // 48
      const start = await balanceOf('ann');
      const child = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'ann',
        model: 'sdxl',
        params: { count: 2 },
        parent_hold: parent,
      });
      expect(child.status).toBe(200);
      expect(child.body).toMatchObject({ parent_hold: parent, credits: 2 * IMAGE, budget_left: 0 });
      // The child's credits come out of the parent: nothing more is held from the customer.
      expect(await balanceOf('ann')).toEqual(start);
      expect(await hold(parent)).toMatchObject({ budget_left: 2 * IMAGE, children_held: 2 * IMAGE });
      // The child used one image: the customer pays 12, the other 12 go back to the parent.
      const receipt = await t.call(t.a.key, 'POST', `/v1/holds/${child.body.id}/commit`, {
        usage: { count: 1 },
      });
      expect(receipt.status).toBe(200);
      expect(receipt.body.credits_charged).toBe(IMAGE);
      expect(await balanceOf('ann')).toEqual({
        ...start,
        balance: start.balance - IMAGE,
        held: start.held - IMAGE,
        available: start.available,
      });
      expect(await hold(parent)).toMatchObject({
        status: 'active',
        budget_left: 3 * IMAGE,
        children_held: 0,
        children_charged: IMAGE,
      });
      // The parent commits what is left of its own usage once it has no open children.
      const done = await t.call(t.a.key, 'POST', `/v1/holds/${parent}/commit`, { usage: { count: 1 } });
      expect(done.status).toBe(200);
      expect((await balanceOf('ann')).balance).toBe(start.balance - 2 * IMAGE);
      expect((await balanceOf('ann')).held).toBe(0);
    });

    it('refuses a child beyond what the parent has left, naming parent_hold, and writes nothing', async () => {
      const parent = await place('bob', 2); // 24
      const someChild = await place('bob', 1, { parent_hold: parent }); // 12 left
      const before = await balanceOf('bob');
      const parentBefore = await hold(parent);
      const over = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'bob',
        model: 'sdxl',
        params: { count: 2 },
        parent_hold: parent,
      });
      expect(over.status).toBe(402);
      expect(over.body.error).toMatchObject({ code: 'insufficient_credits', param: 'parent_hold' });
      expect(over.body.error?.message).toContain(parent);
      expect((over.body.error as { details?: unknown }).details).toMatchObject({
        required: 2 * IMAGE,
        budget_left: IMAGE,
      });
      expect(await balanceOf('bob')).toEqual(before);
      expect(await hold(parent)).toEqual(parentBefore);
      // A child of a child is refused (a budget is one level deep), and so is a parent of
      // another customer or one that does not exist.
      const nested = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'bob',
        model: 'sdxl',
        params: { count: 1 },
        parent_hold: someChild,
      });
      expect(nested.status).toBe(400);
      expect(nested.body.error).toMatchObject({ code: 'invalid_request', param: 'parent_hold' });
      const foreign = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'ann',
        model: 'sdxl',
        params: { count: 1 },
        parent_hold: parent,
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error).toMatchObject({ code: 'invalid_request', param: 'parent_hold' });
      const missing = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'bob',
        model: 'sdxl',
        parent_hold: 'no-such-hold',
      });
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'not_found', param: 'parent_hold' });
      // A parent with open children cannot be committed; it can be voided.
      const early = await t.call(t.a.key, 'POST', `/v1/holds/${parent}/commit`, {});
      expect(early.status).toBe(400);
      expect(early.body.error).toMatchObject({ code: 'invalid_request', param: 'hold' });
      expect((await t.call(t.a.key, 'POST', `/v1/holds/${parent}/void`, {})).status).toBe(200);
    });

    it('voids the open children when the parent is voided and releases everything', async () => {
      const start = await balanceOf('cyd');
      const parent = await place('cyd', 4);
      const a = await place('cyd', 1, { parent_hold: parent });
      const b = await place('cyd', 2, { parent_hold: parent });
      expect((await t.call(t.a.key, 'POST', `/v1/holds/${a}/commit`, {})).status).toBe(200);
      const voided = await t.call(t.a.key, 'POST', `/v1/holds/${parent}/void`, {});
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({ status: 'voided', children_held: 0, children_charged: IMAGE });
      const children = await t.call(t.a.key, 'GET', `/v1/holds?parent_hold=${parent}`);
      expect((children.body.data as { id: string }[]).map((h) => h.id).sort()).toEqual([a, b].sort());
      expect((await hold(b)).status).toBe('voided');
      expect((await hold(a)).status).toBe('committed');
      expect(await balanceOf('cyd')).toEqual({
        ...start,
        balance: start.balance - IMAGE,
        available: start.available - IMAGE,
      });
      // A child of an ended parent is refused.
      const late = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'cyd',
        model: 'sdxl',
        parent_hold: parent,
      });
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'hold_not_active', param: 'parent_hold' });
    });

    it('never lets a child outlive its parent, and expires both with the parent', async () => {
      const start = await balanceOf('dee');
      const parent = await place('dee', 3, { ttl_seconds: 120 });
      const parentHold = await hold(parent);
      const child = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'dee',
        model: 'sdxl',
        params: { count: 1 },
        parent_hold: parent,
        ttl_seconds: 3600,
      });
      expect(child.body.expires_at).toBe(parentHold.expires_at);
      const extend = await t.call(t.a.key, 'POST', `/v1/holds/${child.body.id}/extend`, { ttl_seconds: 600 });
      expect(extend.status).toBe(400);
      expect(extend.body.error).toMatchObject({ code: 'invalid_request', param: 'ttl_seconds' });
      clock += 121_000;
      await t.engine.sweepExpired();
      expect((await hold(parent)).status).toBe('expired');
      expect((await hold(String(child.body.id))).status).toBe('voided');
      expect(await balanceOf('dee')).toEqual(start);
    });

    it('gives concurrent children at most what the parent has, never more', async () => {
      const parent = await place('eve', 5); // 60: room for five one-image children
      const before = await balanceOf('eve');
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.call(t.a.key, 'POST', '/v1/holds', {
            customer: 'eve',
            model: 'sdxl',
            params: { count: 1 },
            parent_hold: parent,
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 402, 402, 402]);
      expect(await hold(parent)).toMatchObject({ budget_left: 0, children_held: 5 * IMAGE });
      expect(await balanceOf('eve')).toEqual(before);
      // Their commits race too: the customer pays each once, and the parent ends with nothing.
      const commits = await Promise.all(
        answers
          .filter((a) => a.status === 200)
          .map((a) => t.call(t.a.key, 'POST', `/v1/holds/${a.body.id}/commit`, {})),
      );
      expect(commits.every((c) => c.status === 200)).toBe(true);
      expect(await hold(parent)).toMatchObject({
        budget_left: 0,
        children_held: 0,
        children_charged: 5 * IMAGE,
      });
      expect((await balanceOf('eve')).balance).toBe(before.balance - 5 * IMAGE);
      expect((await t.call(t.a.key, 'POST', `/v1/holds/${parent}/void`, {})).status).toBe(200);
      expect((await balanceOf('eve')).held).toBe(0);
    });

    it("counts a child against a customer API key's monthly cap once", async () => {
      const made = await t.call(t.a.key, 'POST', '/v1/api-keys', { customer: 'kit', monthly_credit_cap: 60 });
      const key = String(made.body.key);
      const parent = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl', params: { count: 4 } }); // 48
      expect(parent.status).toBe(200);
      // 48 + 24 would pass the cap of 60: the child's credits are the parent's, counted already.
      const child = await t.call(key, 'POST', '/v1/holds', {
        model: 'sdxl',
        params: { count: 2 },
        parent_hold: parent.body.id,
      });
      expect(child.status).toBe(200);
      expect((await t.call(key, 'POST', `/v1/holds/${child.body.id}/commit`, {})).status).toBe(200);
      // Charged 24 + held 24 = 48 of 60: another 24 would pass it.
      const more = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl', params: { count: 2 } });
      expect(more.status).toBe(402);
      expect(more.body.error?.code).toBe('credit_cap_reached');
      const fits = await t.call(key, 'POST', '/v1/holds', { model: 'sdxl', params: { count: 1 } });
      expect(fits.status).toBe(200);
      for (const id of [parent.body.id, fits.body.id])
        expect((await t.call(key, 'POST', `/v1/holds/${id}/void`, {})).status).toBe(200);
    });

    it('answers a replayed child with the first answer and refuses another body under the key', async () => {
      const parent = await place('ann', 2);
      const body = { customer: 'ann', model: 'sdxl', params: { count: 1 }, parent_hold: parent };
      const first = await t.call(t.a.key, 'POST', '/v1/holds', body, 'budget-child-1');
      const again = await t.call(t.a.key, 'POST', '/v1/holds', body, 'budget-child-1');
      expect(again.body).toEqual(first.body);
      expect(await hold(parent)).toMatchObject({ budget_left: IMAGE, children_held: IMAGE });
      const other = await t.call(
        t.a.key,
        'POST',
        '/v1/holds',
        { ...body, params: { count: 2 } },
        'budget-child-1',
      );
      expect(other.status).toBe(409);
      expect(other.body.error?.code).toBe('idempotency_conflict');
      expect((await t.call(t.a.key, 'POST', `/v1/holds/${parent}/void`, {})).status).toBe(200);
    });
  });
}
