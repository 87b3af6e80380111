/**
 * `GET /v1/customers/:id/affordability` (issue 17 item 5) through the HTTP API on each
 * database, on the two shipped presets: counts per model and option in product units, the
 * plan's limits and free generations, refusals naming the field, and prices equal to quotes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../support/each-database.ts';
import { createCustomer, createPaymentsApp, type PaymentsApp } from '../support/payments-app.ts';

interface Option {
  variant: string | null;
  params: Record<string, unknown>;
  unit_credits: number;
  count: number | null;
  limited_by: string;
  text: string;
}
interface ModelRow {
  model_id: string;
  category: string;
  entitled: boolean;
  free: boolean;
  options: Option[];
  sentence: string;
}
interface Report {
  object: string;
  spendable: number;
  free_generations_left: number | null;
  limits: { category: string; available_today: number | null; remaining_this_month: number | null }[];
  models: ModelRow[];
  sentence: string;
}

forEachDatabase((db) => {
  describe('affordability', () => {
    let t: PaymentsApp;
    beforeAll(async () => {
      t = await createPaymentsApp({ makeStore: db.makeStore });
    });
    afterAll(() => t?.close());

    const read = async (key: string, path: string) => {
      const res = await t.call(key, 'GET', path);
      return {
        status: res.status,
        body: res.body as unknown as Report & { error?: { code: string; param?: string } },
      };
    };
    const model = (r: Report, id: string) => {
      const found = r.models.find((m) => m.model_id === id);
      if (found === undefined) throw new Error(`no ${id} in ${r.models.map((m) => m.model_id).join(', ')}`);
      return found;
    };

    it('counts MusicGen clips per duration step with what a new customer has', async () => {
      const id = await createCustomer(t, t.music, 'aff-music');
      const { status, body } = await read(t.music.key, `/v1/customers/${id}/affordability`);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.object).toBe('affordability');
      // Welcome 10 + today's daily credit 1; steps 5 s = 1, 10 s = 2, 15 s = 3, 30 s = 5.
      expect(body.spendable).toBe(11);
      const music = model(body, 'musicgen');
      expect(music.options.map((o) => [o.variant, o.unit_credits, o.count, o.limited_by])).toEqual([
        ['5s', 1, 11, 'credits'],
        ['10s', 2, 5, 'credits'],
        ['15s', 3, 3, 'credits'],
        ['30s', 5, 2, 'credits'],
      ]);
      expect(music.sentence).toBe(
        '11 × 5 s clips, 5 × 10 s clips, 3 × 15 s clips or 2 × 30 s clips with MusicGen',
      );
      expect(body.sentence).toBe('With 11 credits you can still make 11 × 5 s clips with MusicGen.');
    });

    it('on a free plan: no video, the free generations left, images by credits', async () => {
      const id = await createCustomer(t, t.palette, 'aff-free');
      const granted = await t.call(t.palette.key, 'POST', '/v1/grants', {
        customer: id,
        credits: 130,
        reason: 'test credits',
      });
      expect(granted.status, JSON.stringify(granted.body)).toBe(200);
      const { body } = await read(t.palette.key, `/v1/customers/${id}/affordability`);
      expect(body.free_generations_left).toBe(50);
      const runway = model(body, 'runway-gen4');
      expect(runway.entitled).toBe(false);
      expect(runway.options.every((o) => o.count === 0 && o.limited_by === 'not_entitled')).toBe(true);
      expect(runway.sentence).toMatch(/not on the Creator Free plan/);
      const kimi = model(body, 'kimi-k2-free');
      expect(kimi.options[0]).toMatchObject({ count: 50, limited_by: 'free_generations', unit_credits: 0 });
      const spendable = body.spendable;
      expect(model(body, 'sdxl').options[0]).toMatchObject({
        unit_credits: 12,
        count: Math.floor(spendable / 12),
        text: `${Math.floor(spendable / 12)} images`,
      });
      expect(body.sentence).toMatch(/plus 50 free generations this month\.$/);
    });

    it('on Creator Pro the daily video limit caps what the credits would buy', async () => {
      const made = await t.call(t.palette.key, 'POST', '/v1/customers', {
        id: 'aff-pro',
        plan: 'creator-pro',
        grant_allowance: true,
      });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      const { body } = await read(t.palette.key, '/v1/customers/aff-pro/affordability?category=video');
      expect(new Set(body.models.map((m) => m.category))).toEqual(new Set(['video']));
      expect(body.limits).toEqual([{ category: 'video', available_today: 5, remaining_this_month: 25 }]);
      const runway = model(body, 'runway-gen4');
      expect(runway.options.map((o) => [o.variant, o.count, o.limited_by])).toEqual([
        ['5s', 5, 'daily_limit'],
        ['10s', 5, 'daily_limit'],
      ]);
      expect(runway.options[0]?.text).toBe('5 × 5 s clips');
      // Unlimited free models on a paid plan.
      const text = await read(t.palette.key, '/v1/customers/aff-pro/affordability?model=kimi-k2-free');
      expect(text.body.models).toHaveLength(1);
      expect(text.body.models[0]?.options[0]).toMatchObject({ count: null, limited_by: 'unlimited' });
      expect(text.body.free_generations_left).toBeNull();
    });

    it('prices every option exactly as a quote does', async () => {
      const { body } = await read(t.palette.key, '/v1/customers/aff-pro/affordability');
      expect(body.models.length).toBeGreaterThan(10);
      for (const m of body.models) {
        for (const o of m.options) {
          const quote = await t.call(t.palette.key, 'POST', '/v1/quotes', {
            model: m.model_id,
            params: o.params,
          });
          expect(quote.status, JSON.stringify(quote.body)).toBe(200);
          expect((quote.body as { quote: { unit_credits: number } }).quote.unit_credits, m.model_id).toBe(
            o.unit_credits,
          );
        }
      }
    });

    it('refuses an unknown category, model or customer, naming the field', async () => {
      const category = await read(t.palette.key, '/v1/customers/aff-pro/affordability?category=sculpture');
      expect(category.status).toBe(400);
      expect(category.body.error).toMatchObject({ code: 'invalid_request', param: 'category' });
      const unknown = await read(t.palette.key, '/v1/customers/aff-pro/affordability?model=nope');
      expect(unknown.body.error).toMatchObject({ code: 'unknown_model', param: 'model' });
      const extra = await read(t.palette.key, '/v1/customers/aff-pro/affordability?colour=red');
      expect(extra.status).toBe(400);
      const nobody = await read(t.palette.key, '/v1/customers/nobody/affordability');
      expect(nobody.status).toBe(404);
      expect(nobody.body.error).toMatchObject({ code: 'not_found' });
    });

    it('answers a customer session for its own customer only', async () => {
      const session = await t.call(t.music.key, 'POST', '/v1/customers/aff-music/sessions', {});
      expect(session.status, JSON.stringify(session.body)).toBe(200);
      const token = (session.body as { token: string }).token;
      expect((await read(token, '/v1/customers/aff-music/affordability')).status).toBe(200);
      await createCustomer(t, t.music, 'aff-other');
      expect((await read(token, '/v1/customers/aff-other/affordability')).status).toBe(404);
    });
  });
});
