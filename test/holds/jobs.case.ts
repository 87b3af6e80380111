/**
 * Issue 17 item 2 through the HTTP API: a hold's job id is unique per tenant; a hold is
 * extended up to the catalog's `max_hold_seconds` from its creation; captured in parts (each a
 * charge of its own, the rest kept held, a void releasing only the remainder, overage refused
 * without the catalog's leave); and committed or voided by the provider's job id. Replays with
 * the same Idempotency-Key answer the first answer. Every step ends with the ledger verified.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PRESETS_DIR } from '../../src/catalog/load.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

const HOUR = 3_600_000;

export function describeHoldJobs(name: string, makeStore: (() => Promise<Store>) | undefined, skip = false) {
  describe.skipIf(skip)(`holds that follow the provider's job on ${name}`, () => {
    let t: TestApp;
    let clock = Date.UTC(2026, 0, 5, 12);
    const balanceOf = async (customer: string) =>
      (await t.call(t.a.key, 'GET', `/v1/customers/${customer}`)).body.balance as {
        balance: number;
        held: number;
        available: number;
      };
    const place = async (customer: string, jobId: string, count = 4) => {
      const placed = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer,
        model: 'sdxl',
        params: { count },
        job_id: jobId,
      });
      expect(placed.status).toBe(200);
      return String(placed.body.id);
    };

    beforeAll(async () => {
      t = await createTestApp({ ...(makeStore === undefined ? {} : { makeStore }), now: () => clock });
      for (const id of ['ann', 'bob']) {
        expect((await t.call(t.a.key, 'POST', '/v1/customers', { id, plan: 'studio-pro' })).status).toBe(200);
        expect((await t.call(t.a.key, 'POST', '/v1/grants', { customer: id, credits: 1000 })).status).toBe(
          200,
        );
      }
      expect((await t.call(t.b.key, 'POST', '/v1/customers', { id: 'ann', plan: 'studio-pro' })).status).toBe(
        200,
      );
      expect((await t.call(t.b.key, 'POST', '/v1/grants', { customer: 'ann', credits: 100 })).status).toBe(
        200,
      );
    });
    afterEach(async () => {
      expect((await t.engine.verify()).problems).toEqual([]);
    });
    afterAll(() => t.close());

    it('refuses a job id the tenant already used, naming job_id, and writes nothing', async () => {
      const first = await place('ann', 'job-unique');
      const before = await balanceOf('bob');
      const again = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'bob',
        model: 'sdxl',
        job_id: 'job-unique',
      });
      expect(again.status).toBe(400);
      expect(again.body.error).toMatchObject({ code: 'invalid_request', param: 'job_id' });
      expect(again.body.error?.message).toContain(first);
      expect(await balanceOf('bob')).toEqual(before);
      // Another tenant may use the same job id.
      const other = await t.call(t.b.key, 'POST', '/v1/holds', {
        customer: 'ann',
        model: 'sdxl',
        job_id: 'job-unique',
      });
      expect(other.status).toBe(200);
      expect((await t.call(t.a.key, 'POST', `/v1/holds/${first}/void`, {})).status).toBe(200);
    });

    it('gives one hold for one job id when two customers race for it', async () => {
      const answers = await Promise.all(
        ['ann', 'bob', 'ann', 'bob'].map((customer) =>
          t.call(t.a.key, 'POST', '/v1/holds', { customer, model: 'sdxl', job_id: 'job-race' }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400]);
      for (const refused of answers.filter((a) => a.status === 400))
        expect(refused.body.error).toMatchObject({ code: 'invalid_request', param: 'job_id' });
      const found = await t.call(t.a.key, 'GET', '/v1/holds?job_id=job-race');
      expect((found.body.data as unknown[]).length).toBe(1);
      expect((await t.call(t.a.key, 'POST', '/v1/jobs/job-race/void', {})).status).toBe(200);
    });

    it('extends an active hold up to max_hold_seconds from its creation, never shortening it', async () => {
      const id = await place('ann', 'job-extend', 1);
      const created = clock;
      clock += 10 * 60_000; // 10 minutes into a 15-minute hold
      const key = 'extend-1';
      const extended = await t.call(t.a.key, 'POST', `/v1/holds/${id}/extend`, { ttl_seconds: 3600 }, key);
      expect(extended.status).toBe(200);
      expect(extended.body).toMatchObject({ id, status: 'active', expires_at: clock + HOUR });
      const replay = await t.call(t.a.key, 'POST', `/v1/holds/${id}/extend`, { ttl_seconds: 3600 }, key);
      expect(replay.body).toEqual(extended.body);
      const conflict = await t.call(t.a.key, 'POST', `/v1/holds/${id}/extend`, { ttl_seconds: 60 }, key);
      expect(conflict.status).toBe(409);
      const shorter = await t.call(t.a.key, 'POST', `/v1/holds/${id}/extend`, { ttl_seconds: 60 });
      expect(shorter.body.expires_at).toBe(clock + HOUR);
      clock += 50 * 60_000; // past the first expiry of 15 minutes: still active
      const tooLong = await t.call(t.a.key, 'POST', `/v1/holds/${id}/extend`, { ttl_seconds: 86_400 });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error).toMatchObject({ code: 'invalid_request', param: 'ttl_seconds' });
      const most = Math.floor((created + 86_400_000 - clock) / 1000);
      expect(
        (tooLong.body.error as { details?: { max_ttl_seconds?: number } }).details?.max_ttl_seconds,
      ).toBe(most);
      const longest = await t.call(t.a.key, 'POST', `/v1/holds/${id}/extend`, { ttl_seconds: most });
      expect(longest.body.expires_at).toBe(created + 86_400_000);
      expect((await t.call(t.a.key, 'GET', `/v1/holds/${id}`)).body.status).toBe('active');
      clock = created + 86_400_000 + 1;
      const late = await t.call(t.a.key, 'POST', `/v1/holds/${id}/extend`, { ttl_seconds: 60 });
      expect(late.status).toBe(409);
      expect(late.body.error?.code).toBe('hold_not_active');
    });

    it('captures in parts: each a charge, the rest held, a void releasing only the remainder', async () => {
      const id = await place('bob', 'job-stream', 4); // 48 credits held
      const start = await balanceOf('bob');
      const key = 'capture-1';
      const first = await t.call(
        t.a.key,
        'POST',
        `/v1/holds/${id}/capture`,
        { usage: { count: 1 }, final: false },
        key,
      );
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        credits_charged: 12,
        credits_left_held: 36,
        final: false,
        hold_id: id,
      });
      const replay = await t.call(
        t.a.key,
        'POST',
        `/v1/holds/${id}/capture`,
        { usage: { count: 1 }, final: false },
        key,
      );
      expect(replay.body).toEqual(first.body);
      expect(await balanceOf('bob')).toMatchObject({
        balance: start.balance - 12,
        held: start.held - 12,
        available: start.available,
      });
      const second = await t.call(t.a.key, 'POST', `/v1/holds/${id}/capture`, {
        usage: { count: 2 },
        final: false,
      });
      expect(second.body).toMatchObject({ credits_charged: 24, credits_left_held: 12 });
      expect(second.body.id).not.toBe(first.body.id);
      // More than is left held, without overage: capped at what is left.
      const over = await t.call(t.a.key, 'POST', `/v1/holds/${id}/capture`, {
        usage: { count: 3 },
        final: false,
      });
      expect(over.body).toMatchObject({ credits_charged: 12, credits_left_held: 0 });
      const hold = await t.call(t.a.key, 'GET', `/v1/holds/${id}`);
      expect(hold.body).toMatchObject({ status: 'active', credits: 0, credits_captured: 48 });
      const voided = await t.call(t.a.key, 'POST', '/v1/jobs/job-stream/void', {});
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({ id, status: 'voided' });
      expect(await balanceOf('bob')).toMatchObject({ balance: start.balance - 48, held: start.held - 48 });
    });

    it('a void after one capture releases the rest; a final capture commits the remainder', async () => {
      const voidedId = await place('bob', 'job-cancel', 4);
      const start = await balanceOf('bob');
      await t.call(t.a.key, 'POST', `/v1/holds/${voidedId}/capture`, { usage: { count: 1 }, final: false });
      const voided = await t.call(t.a.key, 'POST', `/v1/holds/${voidedId}/void`, {});
      expect(voided.body).toMatchObject({ status: 'voided', credits: 36, credits_captured: 12 });
      expect(await balanceOf('bob')).toMatchObject({
        balance: start.balance - 12,
        held: start.held - 48,
        available: start.available + 36,
      });

      const id = await place('bob', 'job-final', 4);
      const mid = await balanceOf('bob');
      await t.call(t.a.key, 'POST', `/v1/holds/${id}/capture`, { usage: { count: 2 }, final: false });
      const last = await t.call(t.a.key, 'POST', `/v1/holds/${id}/capture`, {
        usage: { count: 1 },
        final: true,
      });
      expect(last.body).toMatchObject({ credits_charged: 12, credits_left_held: 0, final: true });
      expect((await t.call(t.a.key, 'GET', `/v1/holds/${id}`)).body).toMatchObject({
        status: 'committed',
        charge_id: last.body.id,
      });
      expect(await balanceOf('bob')).toMatchObject({ balance: mid.balance - 36, held: mid.held - 48 });
      const after = await t.call(t.a.key, 'POST', `/v1/holds/${id}/capture`, {
        usage: { count: 1 },
        final: false,
      });
      expect(after.status).toBe(409);
      expect(after.body.error?.code).toBe('hold_not_active');
    });

    it('captures beyond what is left only when the catalog allows overage', async () => {
      const file = parse(readFileSync(join(PRESETS_DIR, 'directors-palette.yaml'), 'utf8')) as Record<
        string,
        unknown
      >;
      const published = await t.call(t.b.key, 'PUT', '/v1/catalog', { ...file, allow_overage: true });
      expect(published.status).toBe(200);
      const placed = await t.call(t.b.key, 'POST', '/v1/holds', {
        customer: 'ann',
        model: 'sdxl',
        job_id: 'job-over',
      });
      const id = String(placed.body.id); // 12 held of ann's credits at tenant B
      const over = await t.call(t.b.key, 'POST', `/v1/holds/${id}/capture`, {
        usage: { count: 2 },
        final: false,
      });
      expect(over.status).toBe(200);
      expect(over.body).toMatchObject({ credits_charged: 24, credits_left_held: 0 });
      const tooMuch = await t.call(t.b.key, 'POST', `/v1/holds/${id}/capture`, {
        usage: { count: 8 },
        final: true,
      });
      expect(tooMuch.status).toBe(402);
      expect(tooMuch.body.error?.code).toBe('insufficient_credits');
      const done = await t.call(t.b.key, 'POST', `/v1/holds/${id}/capture`, {
        usage: { count: 1 },
        final: true,
      });
      expect(done.body).toMatchObject({ credits_charged: 12, final: true });
      expect((await t.call(t.b.key, 'GET', '/v1/customers/ann')).body.balance).toMatchObject({ held: 0 });
    });

    it('commits and voids by the provider job id, exactly once, within the tenant', async () => {
      const id = await place('ann', 'replicate:vid/42', 2);
      const url = `/v1/jobs/${encodeURIComponent('replicate:vid/42')}/commit`;
      expect((await t.call(t.b.key, 'POST', url, {})).status).toBe(404);
      const committed = await t.call(t.a.key, 'POST', url, { usage: { count: 1 } }, 'job-commit');
      expect(committed.status).toBe(200);
      expect(committed.body).toMatchObject({ hold_id: id, credits_charged: 12 });
      expect((await t.call(t.a.key, 'POST', url, { usage: { count: 1 } }, 'job-commit')).body).toEqual(
        committed.body,
      );
      const twice = await t.call(t.a.key, 'POST', url, {});
      expect(twice.status).toBe(409);
      expect(twice.body.error?.code).toBe('hold_not_active');
      const missing = await t.call(t.a.key, 'POST', '/v1/jobs/no-such-job/void', {});
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'not_found', param: 'job_id' });
    });
  });
}
