/**
 * Property: every route, sent a request made malformed in one to three ways (an unknown field,
 * a body that is not an object, a wrong-typed required field, a missing or bad Idempotency-Key,
 * a bad Authorization header, a bad query value) on top of an otherwise valid request with
 * random noise, answers a 4xx naming one of the fields at fault, never a 5xx, and changes
 * nothing `verify` can see.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/http-app.ts';

interface Template {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly body?: Record<string, unknown>;
  readonly query?: Record<string, string>;
  readonly required?: readonly string[];
  readonly badQuery?: Readonly<Record<string, fc.Arbitrary<string>>>;
  readonly idempotent: boolean;
  readonly auth: boolean;
}

let t: TestApp;
let templates: Template[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const k = t.a.key;
  await t.call(k, 'POST', '/v1/customers', { id: 'pat', plan: 'studio-pro' });
  await t.call(k, 'POST', '/v1/grants', { customer: 'pat', credits: 10_000 });
  const hold = String((await t.call(k, 'POST', '/v1/holds', { customer: 'pat', model: 'sdxl' })).body.id);
  const charge = String((await t.call(k, 'POST', '/v1/charges', { customer: 'pat', model: 'sdxl' })).body.id);
  const apiKey = String((await t.call(k, 'POST', '/v1/api-keys', { customer: 'pat' })).body.id);
  const endpoint = String(
    (await t.call(k, 'POST', '/v1/webhook-endpoints', { url: 'https://example.com/hooks' })).body.id,
  );
  const notInt = fc.oneof(
    fc.constantFrom('0', '-1', '501', '1.5', 'abc', ''),
    fc.string().filter((s) => !/^\d+$/.test(s)),
  );
  const notBy = fc.string().filter((s) => !['model', 'day', 'customer'].includes(s));
  const gen = { model: 'sdxl', params: { count: 1 } };
  templates = [
    {
      method: 'POST',
      url: '/v1/customers',
      body: { id: 'new-one' },
      required: ['id'],
      idempotent: true,
      auth: true,
    },
    { method: 'GET', url: '/v1/customers/pat', idempotent: false, auth: true },
    {
      method: 'GET',
      url: '/v1/customers/pat/ledger',
      query: { limit: '5' },
      badQuery: { limit: notInt },
      idempotent: false,
      auth: true,
    },
    { method: 'POST', url: '/v1/customers/pat/sessions', body: {}, idempotent: false, auth: true },
    { method: 'POST', url: '/v1/quotes', body: { customer: 'pat', ...gen }, idempotent: false, auth: true },
    {
      method: 'POST',
      url: '/v1/holds',
      body: { customer: 'pat', ...gen },
      required: ['customer', 'model'],
      idempotent: true,
      auth: true,
    },
    {
      method: 'POST',
      url: `/v1/holds/${hold}/commit`,
      body: { usage: { count: 1 } },
      idempotent: true,
      auth: true,
    },
    { method: 'POST', url: `/v1/holds/${hold}/void`, body: {}, idempotent: true, auth: true },
    {
      method: 'POST',
      url: '/v1/charges',
      body: { customer: 'pat', ...gen },
      required: ['customer', 'model'],
      idempotent: true,
      auth: true,
    },
    {
      method: 'POST',
      url: `/v1/charges/${charge}/refund`,
      body: { credits: 1 },
      idempotent: true,
      auth: true,
    },
    {
      method: 'POST',
      url: '/v1/batches',
      body: { customer: 'pat', items: [gen] },
      required: ['customer', 'items'],
      idempotent: true,
      auth: true,
    },
    {
      method: 'POST',
      url: '/v1/grants',
      body: { customer: 'pat', credits: 5 },
      required: ['customer', 'credits'],
      idempotent: true,
      auth: true,
    },
    { method: 'POST', url: '/v1/customers/pat/rewards/daily', body: {}, idempotent: true, auth: true },
    {
      method: 'POST',
      url: '/v1/api-keys',
      body: { customer: 'pat' },
      required: ['customer'],
      idempotent: true,
      auth: true,
    },
    {
      method: 'POST',
      url: '/v1/api-keys/verify',
      body: { key: 'tg_ck_x' },
      required: ['key'],
      idempotent: false,
      auth: true,
    },
    { method: 'DELETE', url: `/v1/api-keys/${apiKey}`, body: {}, idempotent: true, auth: true },
    {
      method: 'GET',
      url: '/v1/usage',
      query: { by: 'model' },
      badQuery: { by: notBy },
      idempotent: false,
      auth: true,
    },
    { method: 'GET', url: '/v1/catalog', idempotent: false, auth: true },
    {
      method: 'POST',
      url: '/v1/webhook-endpoints',
      body: { url: 'https://example.com/h', event_types: ['balance.low'] },
      required: ['url', 'event_types'],
      idempotent: true,
      auth: true,
    },
    { method: 'GET', url: '/v1/webhook-endpoints', idempotent: false, auth: true },
    {
      method: 'GET',
      url: '/v1/webhook-deliveries',
      query: { endpoint, limit: '5' },
      badQuery: { limit: notInt },
      idempotent: false,
      auth: true,
    },
    { method: 'DELETE', url: `/v1/webhook-endpoints/${endpoint}`, body: {}, idempotent: true, auth: true },
  ];
});
afterAll(() => t.close());

type Mutation =
  | { kind: 'unknown_field'; name: string; value: unknown }
  | { kind: 'not_object'; value: unknown }
  | { kind: 'wrong_type'; value: unknown; pick: number }
  | { kind: 'missing_idem' }
  | { kind: 'bad_idem'; value: string }
  | { kind: 'bad_auth'; value: string }
  | { kind: 'bad_query'; pick: number; value: string }
  | { kind: 'unknown_query'; name: string; value: string };

const KNOWN = new Set([
  'id',
  'customer',
  'model',
  'params',
  'usage',
  'credits',
  'items',
  'key',
  'email',
  'plan',
  'reason',
  'source',
]);
const jsonValue = fc.jsonValue({ maxDepth: 2 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('unknown_field' as const),
    name: fc
      .string({ minLength: 1, maxLength: 8 })
      .filter((s) => !KNOWN.has(s) && !/^(__proto__|constructor|prototype)$/.test(s)),
    value: jsonValue,
  }),
  fc.record({
    kind: fc.constant('not_object' as const),
    value: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(jsonValue, { maxLength: 3 })),
  }),
  fc.record({
    kind: fc.constant('wrong_type' as const),
    value: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.constant({})),
    pick: fc.nat(),
  }),
  fc.constant({ kind: 'missing_idem' as const }),
  fc.record({
    kind: fc.constant('bad_idem' as const),
    value: fc.oneof(fc.constant(''), fc.string({ minLength: 256, maxLength: 300 }), fc.constant('has space')),
  }),
  fc.record({
    kind: fc.constant('bad_auth' as const),
    value: fc.oneof(
      fc.constant(''),
      fc.constant('Bearer'),
      fc.string().map((s) => `Bearer tg_sk_${s.replace(/\s/g, '')}x`),
      fc.string().map((s) => `Basic ${s}`),
    ),
  }),
  fc.record({ kind: fc.constant('bad_query' as const), pick: fc.nat(), value: fc.constant('') }),
  fc.record({
    kind: fc.constant('unknown_query' as const),
    name: fc
      .stringMatching(/^[a-z]{1,8}$/)
      .filter((s) => !['limit', 'cursor', 'by', 'from', 'to'].includes(s)),
    value: fc.string({ maxLength: 10 }),
  }),
);

/** Applies the mutations that fit the route; answers the request and the params any of them may be reported as. */
function build(tpl: Template, mutations: Mutation[], badQueryValue: string) {
  let body: unknown = tpl.body === undefined ? undefined : structuredClone(tpl.body);
  const query: Record<string, string> = { ...(tpl.query ?? {}) };
  const headers: Record<string, string> = { authorization: `Bearer ${t.a.key}` };
  if (tpl.idempotent) headers['idempotency-key'] = `prop-${Math.random()}`;
  const expected = new Set<string>();
  for (const m of mutations) {
    if (m.kind === 'unknown_field' && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      (body as Record<string, unknown>)[m.name] = m.value;
      expected.add(m.name);
    } else if (m.kind === 'not_object' && tpl.body !== undefined) {
      body = m.value;
      expected.add('body');
    } else if (
      m.kind === 'wrong_type' &&
      tpl.required?.length &&
      typeof body === 'object' &&
      body !== null &&
      !Array.isArray(body)
    ) {
      const field = tpl.required[m.pick % tpl.required.length] as string;
      // Every generated value is the wrong type for an id or list; for a credit amount a number is right, so send it as text.
      (body as Record<string, unknown>)[field] =
        field === 'credits' && typeof m.value === 'number' ? String(m.value) : m.value;
      expected.add(field);
    } else if (m.kind === 'missing_idem' && tpl.idempotent) {
      delete headers['idempotency-key'];
      expected.add('Idempotency-Key');
    } else if (m.kind === 'bad_idem' && tpl.idempotent) {
      headers['idempotency-key'] = m.value;
      expected.add('Idempotency-Key');
    } else if (m.kind === 'bad_auth') {
      headers.authorization = m.value;
      expected.add('Authorization');
    } else if (m.kind === 'bad_query' && tpl.badQuery) {
      const names = Object.keys(tpl.badQuery);
      const name = names[m.pick % names.length] as string;
      query[name] = badQueryValue;
      expected.add(name);
    } else if (m.kind === 'unknown_query' && tpl.method === 'GET') {
      query[m.name] = m.value;
      expected.add(m.name);
    }
  }
  const qs = new URLSearchParams(query).toString();
  return { url: qs === '' ? tpl.url : `${tpl.url}?${qs}`, body, headers, expected };
}

it('answers malformed requests to every route with a 4xx naming the field, never a 5xx, changing nothing', async () => {
  const before = await t.engine.verify();
  const noise = fc.dictionary(fc.stringMatching(/^x-[a-z]{1,6}$/), fc.stringMatching(/^[ -~]{0,20}$/), {
    maxKeys: 2,
  });
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      fc.string({ maxLength: 6 }),
      noise,
      async (pick, mutations, badQueryRaw, extraHeaders) => {
        const tpl = templates[pick % templates.length] as Template;
        const badQueryValue = tpl.badQuery
          ? (fc.sample(Object.values(tpl.badQuery)[0] as fc.Arbitrary<string>, 1)[0] ?? badQueryRaw)
          : badQueryRaw;
        const req = build(tpl, mutations, badQueryValue);
        fc.pre(req.expected.size > 0);
        const res = await t.app.inject({
          method: tpl.method,
          url: req.url,
          headers: {
            ...extraHeaders,
            ...req.headers,
            ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(req.body === undefined ? {} : { payload: JSON.stringify(req.body) }),
        });
        const error = res.json().error as { code: string; param?: string } | undefined;
        const where = `${tpl.method} ${req.url} ${JSON.stringify(req.body)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, where).toBeLessThan(500);
        const param = error?.param ?? '';
        const named = [...req.expected].some(
          (f) => param === f || param.startsWith(`${f}[`) || param.startsWith(`${f}.`),
        );
        expect(named, where).toBe(true);
      },
    ),
    { numRuns: 400 },
  );
  const after = await t.engine.verify();
  expect(after.ok).toBe(true);
  expect(after.counts).toEqual(before.counts);
  expect(after.systemAccounts).toEqual(before.systemAccounts);
});

it('never answers 5xx to arbitrary JSON bodies and query strings, and every refusal names a field', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
      async (pick, body, query) => {
        const tpl = templates[pick % templates.length] as Template;
        const qs = new URLSearchParams(query).toString();
        const res = await t.app.inject({
          method: tpl.method,
          url: qs === '' ? tpl.url : `${tpl.url}?${qs}`,
          headers: {
            authorization: `Bearer ${t.a.key}`,
            'idempotency-key': `any-${Math.random()}`,
            'content-type': 'application/json',
          },
          payload: JSON.stringify(body),
        });
        expect(
          res.statusCode,
          `${tpl.method} ${tpl.url} ${JSON.stringify(body)} → ${res.body.slice(0, 200)}`,
        ).toBeLessThan(500);
        if (res.statusCode >= 400) expect(typeof res.json().error.param).toBe('string');
      },
    ),
    { numRuns: 300 },
  );
  expect((await t.engine.verify()).ok).toBe(true);
});
