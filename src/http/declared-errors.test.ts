/**
 * Issue 12 item 8: every status a route can answer is in the OpenAPI document. The test app
 * throws on any refusal its route does not declare, so every HTTP test checks it; this file
 * shows the check works, that the document lists each declared code, and drives the 422s of
 * charges, commits and batches that other tests do not reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeSqliteStore, type TestApp } from '../../test/support/http-app.ts';
import { readConfig } from '../config.ts';
import { fail } from '../domain/errors.ts';
import { createEngine } from '../engine/engine.ts';
import { buildApp } from './app.ts';
import { listDeclaredErrors } from './declared-errors.ts';
import { ERROR_STATUS } from './errors.ts';
import { buildOpenApi } from './openapi.ts';
import { defineRoute } from './route.ts';
import { listDefaultRoutes } from './routes/index.ts';

describe('declared errors', () => {
  it('reports a refusal the route does not declare', async () => {
    const { store, cleanup } = makeSqliteStore();
    const seen: string[] = [];
    const app = buildApp({
      engine: createEngine({ store }),
      store,
      config: readConfig({}),
      onUndeclaredError: (route, code) => seen.push(`${route.url} ${code}`),
      routes: [
        defineRoute({
          method: 'GET',
          url: '/x/declared',
          operationId: 'declared',
          tag: 'Test',
          summary: 'answers a declared refusal',
          access: 'public',
          errors: ['not_found'],
          handler: async () => fail('not_found', 'nothing here', 'id'),
        }),
        defineRoute({
          method: 'GET',
          url: '/x/undeclared',
          operationId: 'undeclared',
          tag: 'Test',
          summary: 'answers an undeclared refusal',
          access: 'public',
          errors: ['not_found'],
          handler: async () => fail('hold_not_active', 'not active', 'hold'),
        }),
      ],
    });
    expect((await app.inject({ method: 'GET', url: '/x/declared' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/x/undeclared' })).statusCode).toBe(409);
    expect(seen).toEqual(['/x/undeclared hold_not_active']);
    await app.close();
    await store.close();
    cleanup();
  });

  it('lists the status of every declared code of every route in the OpenAPI document', () => {
    const routes = listDefaultRoutes();
    const doc = buildOpenApi(routes, 'http://localhost') as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    for (const route of routes) {
      const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      for (const code of listDeclaredErrors(route)) {
        const response = operation?.responses[String(ERROR_STATUS[code])];
        expect(response?.description, `${route.method} ${route.url} ${code}`).toContain(code);
      }
    }
  });

  describe('422 on charges, commits and batches', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      await t.call(t.a.key, 'POST', '/v1/customers', { id: 'big', plan: 'studio-pro' });
      await t.call(t.a.key, 'POST', '/v1/grants', { customer: 'big', credits: 10_000 });
    });
    afterAll(() => t.close());

    it('answers parameter_out_of_range, declared, on each', async () => {
      const k = t.a.key;
      const charge = await t.call(k, 'POST', '/v1/charges', {
        customer: 'big',
        model: 'sdxl',
        params: { count: 999 },
      });
      expect([charge.status, charge.body.error?.code]).toEqual([422, 'parameter_out_of_range']);
      const hold = await t.call(k, 'POST', '/v1/holds', { customer: 'big', model: 'sdxl' });
      const commit = await t.call(k, 'POST', `/v1/holds/${hold.body.id}/commit`, { usage: { count: 999 } });
      expect([commit.status, commit.body.error?.code]).toEqual([422, 'parameter_out_of_range']);
      const batch = await t.call(k, 'POST', '/v1/batches', {
        customer: 'big',
        items: [{ model: 'sdxl', params: { count: 999 } }],
      });
      expect([batch.status, batch.body.error?.code]).toEqual([422, 'parameter_out_of_range']);
    });
  });
});
