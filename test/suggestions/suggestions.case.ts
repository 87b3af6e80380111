/**
 * Issue 12 item 7 through the HTTP API: an `insufficient_credits` refusal carries cheaper models
 * the customer can afford now (besides the packs and plans); suggestions leave out free models
 * once the customer's free-generation quota is used up; holds, charges and quotes may ask for
 * 0-10 suggestions (`max_alternatives`), 3 by default. Run by suggestions.sqlite.test.ts and
 * suggestions.postgres.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

interface Suggested {
  readonly model_id: string;
  readonly credits: number;
  readonly credits_saved: number;
  readonly free: boolean;
}

const FREE_TEXT = 6; // the Director's Palette preset's free text models
const CHEAPER_THAN_GPT4O = 11; // 6 free + kimi-vl-a3b 1, qwen-turbo 2, deepseek-v3.1 5, gpt-4o-mini 5, claude-3.5-sonnet 18

function detailsOf(answer: { body: Record<string, unknown> }) {
  return (answer.body.error as { details: { alternatives: Suggested[]; offers: unknown[] } }).details;
}

export function describeSuggestions(
  name: string,
  makeStore: (() => Promise<Store>) | undefined,
  skip = false,
) {
  describe.skipIf(skip)(`suggestions on ${name}`, () => {
    let t: TestApp;
    const add = async (id: string, plan: string, credits: number) => {
      expect((await t.call(t.a.key, 'POST', '/v1/customers', { id, plan })).status).toBe(200);
      if (credits > 0)
        expect((await t.call(t.a.key, 'POST', '/v1/grants', { customer: id, credits })).status).toBe(200);
    };
    beforeAll(async () => {
      t = await createTestApp(makeStore === undefined ? {} : { makeStore });
      await add('poor', 'studio-pro', 15);
      await add('free', 'creator-free', 10);
    });
    afterAll(() => t.close());

    it('refuses insufficient_credits with the cheaper models the customer can afford now', async () => {
      const refused = await t.call(t.a.key, 'POST', '/v1/holds', { customer: 'poor', model: 'gen4-image' });
      expect(refused.status).toBe(402);
      expect(refused.body.error?.code).toBe('insufficient_credits');
      const details = detailsOf(refused);
      expect(details.offers.length).toBeGreaterThan(0);
      // gen4-image is 25; 15 are available: sdxl (12) and dall-e-3-hd (15) fit, gen4-image-turbo (20) does not.
      expect(details.alternatives.map((a) => [a.model_id, a.credits, a.credits_saved])).toEqual([
        ['sdxl', 12, 13],
        ['dall-e-3-hd', 15, 10],
      ]);
      const charge = await t.call(t.a.key, 'POST', '/v1/charges', {
        customer: 'poor',
        model: 'gen4-image',
        max_alternatives: 1,
      });
      expect(detailsOf(charge).alternatives.map((a) => a.model_id)).toEqual(['sdxl']);
      // Taking what is suggested works.
      expect((await t.call(t.a.key, 'POST', '/v1/holds', { customer: 'poor', model: 'sdxl' })).status).toBe(
        200,
      );
      const after = await t.call(t.a.key, 'POST', '/v1/holds', { customer: 'poor', model: 'gen4-image' });
      expect(detailsOf(after).alternatives).toEqual([]); // 3 credits left: no image model fits
    });

    it('leaves out free models once the free-generation quota is used up', async () => {
      const before = await t.call(t.a.key, 'POST', '/v1/holds', { customer: 'free', model: 'gpt-4o' });
      expect(before.status).toBe(402);
      const listed = detailsOf(before).alternatives;
      expect(listed).toHaveLength(3);
      expect(listed.every((a) => a.free)).toBe(true);
      // Creator Free has 50 free generations a month: use them all.
      for (let i = 0; i < 5; i += 1) {
        const used = await t.call(t.a.key, 'POST', '/v1/charges', {
          customer: 'free',
          model: 'kimi-k2-free',
          params: { count: 10 },
        });
        expect(used.status).toBe(200);
      }
      const refused = await t.call(t.a.key, 'POST', '/v1/holds', { customer: 'free', model: 'gpt-4o' });
      expect(detailsOf(refused).alternatives.map((a) => [a.model_id, a.free])).toEqual([
        ['kimi-vl-a3b', false],
        ['qwen-turbo', false],
        ['deepseek-v3.1', false],
      ]);
      const held = await t.call(t.a.key, 'POST', '/v1/holds', { customer: 'free', model: 'gpt-4o-mini' });
      expect(held.status).toBe(200);
      expect((held.body.alternatives as Suggested[]).map((a) => a.model_id)).toEqual([
        'kimi-vl-a3b',
        'qwen-turbo',
      ]);
      const receipt = await t.call(t.a.key, 'POST', `/v1/holds/${String(held.body.id)}/commit`, {});
      expect((receipt.body.suggestions as Suggested[]).some((a) => a.free)).toBe(false);
      const quoted = await t.call(t.a.key, 'POST', '/v1/quotes', { customer: 'free', model: 'gpt-4o-mini' });
      expect((quoted.body.alternatives as Suggested[]).some((a) => a.free)).toBe(false);
      // Without a customer there is no quota to know of: free models come first.
      const anyone = await t.call(t.a.key, 'POST', '/v1/quotes', { model: 'gpt-4o-mini' });
      expect((anyone.body.alternatives as Suggested[]).every((a) => a.free)).toBe(true);
    });

    it('answers as many suggestions as asked for, up to 10, 3 by default', async () => {
      const quote = (body: Record<string, unknown>) =>
        t.call(t.a.key, 'POST', '/v1/quotes', { model: 'gpt-4o', ...body });
      expect(((await quote({})).body.alternatives as Suggested[]).length).toBe(3);
      const ten = (await quote({ max_alternatives: 10 })).body.alternatives as Suggested[];
      expect(ten).toHaveLength(Math.min(10, CHEAPER_THAN_GPT4O));
      expect(ten.slice(0, FREE_TEXT).every((a) => a.free)).toBe(true);
      expect(ten.slice(FREE_TEXT).map((a) => a.credits)).toEqual([1, 2, 5, 5]);
      expect(((await quote({ max_alternatives: 0 })).body.alternatives as Suggested[]).length).toBe(0);
      for (const bad of [11, -1, 2.5, '3']) {
        const refused = await quote({ max_alternatives: bad });
        expect(refused.status).toBe(400);
        expect(refused.body.error?.param).toBe('max_alternatives');
      }
      await add('rich', 'studio-pro', 500);
      const hold = await t.call(t.a.key, 'POST', '/v1/holds', {
        customer: 'rich',
        model: 'gpt-4o',
        max_alternatives: 7,
      });
      expect(hold.status).toBe(200);
      expect((hold.body.alternatives as Suggested[]).length).toBe(7);
      const charge = await t.call(t.a.key, 'POST', '/v1/charges', {
        customer: 'rich',
        model: 'gpt-4o',
        max_alternatives: 10,
      });
      expect(charge.status).toBe(200);
      expect((charge.body.suggestions as Suggested[]).length).toBe(10);
      const tooMany = await t.call(t.a.key, 'POST', '/v1/charges', {
        customer: 'rich',
        model: 'gpt-4o',
        max_alternatives: 11,
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error?.param).toBe('max_alternatives');
    });
  });
}
