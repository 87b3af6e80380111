/**
 * Issue 11 item 8: a NUL byte anywhere in a request is a 400 naming where it was, on every
 * route of the OpenAPI document, on SQLite and PostgreSQL (PostgreSQL cannot store U+0000 in
 * text and used to answer 500). For each operation: a NUL in a path parameter (or the query,
 * for a route without one), in a header, and in a body field the route really has.
 * Run by nul-bytes.sqlite.test.ts and nul-bytes.postgres.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createTestApp, type TestApp } from '../support/http-app.ts';

interface Operation {
  readonly requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface JsonSchema {
  readonly type?: string | string[];
  readonly properties?: Record<string, JsonSchema>;
}

interface Probe {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly params: string[];
  readonly stringField: string | null;
}

/** The operations of `/openapi.json`, each with its path parameters and a string body field. */
async function listProbes(t: TestApp): Promise<Probe[]> {
  const doc = await t.call(null, 'GET', '/openapi.json');
  const paths = doc.body.paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const schema = Object.values(op.requestBody?.content ?? {})[0]?.schema;
      const field = Object.entries(schema?.properties ?? {}).find(([, s]) =>
        [s.type].flat().includes('string'),
      );
      return {
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as string),
        stringField: field?.[0] ?? null,
      };
    }),
  );
}

const fill = (path: string) => path.replace(/\{[a-z_]+\}/g, 'x1');

/** The suite on one database. */
export function describeNulBytesOn(name: string, makeStore: () => Promise<Store>, skip: boolean): void {
  describe.skipIf(skip)(`NUL bytes on ${name}`, () => {
    let t: TestApp;
    let probes: Probe[] = [];
    beforeAll(async () => {
      t = await createTestApp({ makeStore });
      probes = await listProbes(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    async function send(method: string, url: string, headers: Record<string, string>, payload?: string) {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${t.a.key}`, ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
      return { status: res.statusCode, body: res.json() as { error?: { code: string; param?: string } } };
    }

    it('covers every operation of the document', () => {
      expect(probes.length).toBeGreaterThan(30);
    });

    it('a NUL in the path (or the query) is a 400 naming it, on every route', async () => {
      const wrong: string[] = [];
      for (const p of probes) {
        const [first] = p.params;
        const url =
          first === undefined ? `${p.path}?probe=a%00b` : fill(p.path.replace(`{${first}}`, 'a%00b'));
        const expected = first === undefined ? 'query.probe' : `path.${first}`;
        const res = await send(p.method, url, { 'idempotency-key': `nul-path-${p.name}` });
        if (res.status !== 400 || res.body.error?.param !== expected)
          wrong.push(`${p.name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect(wrong).toEqual([]);
    });

    it('a NUL in a header is a 400 naming the header, on every route', async () => {
      const wrong: string[] = [];
      for (const p of probes) {
        const res = await send(p.method, fill(p.path), { 'idempotency-key': 'nul\u0000key' });
        if (res.status !== 400 || res.body.error?.param !== 'Idempotency-Key')
          wrong.push(`${p.name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect(wrong).toEqual([]);
    });

    it('a NUL in the body is a 400 naming the field, on every route that takes a body', async () => {
      const wrong: string[] = [];
      for (const p of probes.filter((probe) => probe.method !== 'GET')) {
        const field = p.stringField ?? 'probe';
        const res = await send(
          p.method,
          fill(p.path),
          { 'idempotency-key': `nul-body-${p.name}`, 'content-type': 'application/json' },
          JSON.stringify({ [field]: 'a\u0000b' }),
        );
        const param = res.body.error?.param;
        if (res.status !== 400 || (param !== `body.${field}` && param !== 'body'))
          wrong.push(`${p.name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect(wrong).toEqual([]);
    });
  });
}
