import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi.ts';
import { curlSample, fillPath, sampleFromSchema } from './openapi-examples.ts';
import { listDefaultRoutes } from './routes/index.ts';

type Json = Record<string, unknown>;

describe('OpenAPI examples', () => {
  const routes = listDefaultRoutes();
  const doc = buildOpenApi(routes, 'http://127.0.0.1:8787') as {
    paths: Record<string, Record<string, Json>>;
  };

  it('gives every operation a curl request and every JSON answer an example', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const [sample] = op['x-codeSamples'] as { source: string }[];
        expect(sample?.source, `${method} ${path}`).toMatch(new RegExp(`^curl -X ${method.toUpperCase()} `));
        for (const [status, answer] of Object.entries(op.responses as Record<string, Json>)) {
          const json = (answer.content as Json)['application/json'] as Json | undefined;
          if (json !== undefined) expect(json.example, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
  });

  it('makes request examples the server accepts', () => {
    for (const route of routes) {
      if (route.body === undefined || route.method === 'GET') continue;
      const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()] as Json;
      const body = (op.requestBody as Json).content as Json;
      const example = (body['application/json'] as Json).example;
      const parsed = route.body.safeParse(example);
      expect(parsed.success, `${route.method} ${route.url}: ${JSON.stringify(parsed.error?.issues)}`).toBe(
        true,
      );
    }
  });

  it('fills path parameters and samples schemas by name', () => {
    const kind = { name: 'kind', in: 'path', schema: { enum: ['signup', 'daily'] } };
    expect(fillPath('/v1/customers/{id}/rewards/{kind}', [kind])).toBe('/v1/customers/alice/rewards/signup');
    expect(fillPath('/v1/holds/{id}/commit', [])).toBe('/v1/holds/$HOLD_ID/commit');
    expect(
      sampleFromSchema({
        type: 'object',
        properties: { object: { const: 'charge' }, id: { type: 'string' } },
      }),
    ).toEqual({
      object: 'charge',
      id: 'charge_1',
    });
    expect(sampleFromSchema({ type: 'integer', minimum: -5, maximum: 0 })).toBe(0);
    expect(
      curlSample({
        method: 'GET',
        path: '/healthz',
        authenticated: false,
        idempotent: false,
        body: undefined,
      }),
    ).toBe('curl -X GET "$TOLLGATE_URL/healthz"');
  });
});
