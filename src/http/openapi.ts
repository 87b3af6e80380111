/**
 * The OpenAPI 3.1 document, generated from the route list and the same zod schemas that
 * validate requests (`z.toJSONSchema`), so the reference cannot drift from the server.
 */
import { z } from 'zod';
import type { ErrorCode } from '../domain/errors.ts';
import { listDeclaredErrors } from './declared-errors.ts';
import { ERROR_STATUS, ERROR_TYPE } from './errors.ts';
import { curlSample, fillPath, sampleFromSchema } from './openapi-examples.ts';
import type { AnyRoute } from './route.ts';
import { errorSchema } from './schemas/common.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

function listParameters(route: AnyRoute): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (schema === undefined) continue;
    const json = toSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: prop,
        ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
      });
    }
  }
  if (route.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'Any unique string (a UUID). The same key with the same body answers the first answer again.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return out;
}

/** A JSON media type with its schema and an example made from that schema. */
function jsonContent(schema: JsonSchema): JsonSchema {
  return { 'application/json': { schema, example: sampleFromSchema(schema) } };
}

function listResponses(route: AnyRoute): JsonSchema {
  const ok = route.response ? toSchema(route.response, 'output') : {};
  const responses: JsonSchema = {
    '200': {
      description: 'OK',
      content: route.raw ? { 'text/plain': { schema: ok } } : jsonContent(ok),
    },
  };
  const codes = listDeclaredErrors(route);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    responses[String(status)] = {
      description: list.join(', '),
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example: {
            error: { type: ERROR_TYPE[list[0] as ErrorCode], code: list[0], message: '…', param: null },
          },
        },
      },
    };
  }
  return responses;
}

function describeAccess(route: AnyRoute): JsonSchema[] | undefined {
  if (route.access === 'public') return [];
  const schemes = route.access === 'tenant' ? [{ secretKey: [] }] : [{ secretKey: [] }, { sessionToken: [] }];
  return route.customerApiKey === true ? [...schemes, { customerApiKey: [] }] : schemes;
}

const ERROR_TABLE = [
  '| code | status | type |',
  '| --- | --- | --- |',
  ...Object.entries(ERROR_STATUS).map(
    ([code, status]) => `| \`${code}\` | ${status} | ${ERROR_TYPE[code as ErrorCode]} |`,
  ),
].join('\n');

const DESCRIPTION = `Credits for AI generation apps: price, hold, charge, refund, grant. JSON is snake_case; times are epoch milliseconds; every error is \`{"error": {"type", "code", "message", "param"}}\`.

Authenticate with \`Authorization: Bearer tg_sk_…\` (a tenant secret key, from your backend only) or, where an operation says so, a customer session token \`tg_cs_…\`. Operations that take an \`Idempotency-Key\` header list it among their parameters. The examples use \`$TOLLGATE_URL\` (this server) and \`$TOLLGATE_KEY\`.

## Errors

${ERROR_TABLE}`;

/** Builds the OpenAPI 3.1 document for a list of routes. */
export function buildOpenApi(routes: readonly AnyRoute[], serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
    const parameters = listParameters(route);
    const body =
      route.body !== undefined && route.method !== 'GET' ? toSchema(route.body, 'input') : undefined;
    const op: JsonSchema = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      parameters,
      responses: listResponses(route),
      security: describeAccess(route),
      'x-codeSamples': [
        {
          lang: 'Shell',
          label: 'curl',
          source: curlSample({
            method: route.method,
            path: fillPath(path, parameters),
            authenticated: route.access !== 'public',
            idempotent: route.idempotent === true,
            body: body === undefined ? undefined : sampleFromSchema(body),
          }),
        },
      ],
    };
    if (body !== undefined) op.requestBody = { required: false, content: jsonContent(body) };
    if (route.rawBodyDoc !== undefined) {
      const text = { type: 'string', description: route.rawBodyDoc.description };
      op.requestBody = {
        required: true,
        content: Object.fromEntries(route.rawBodyDoc.contentTypes.map((type) => [type, { schema: text }])),
      };
    }
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate API',
      version: '1',
      description: DESCRIPTION,
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: toSchema(errorSchema, 'output') },
      securitySchemes: {
        secretKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A tenant secret key (tg_sk_…), server to server only',
        },
        sessionToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'A customer session token (tg_cs_…) for browsers',
        },
        customerApiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "A customer API key (tg_ck_…): holds, charges and batches for its own customer, within the key's per-minute limit and monthly credit cap",
        },
      },
    },
  };
}
