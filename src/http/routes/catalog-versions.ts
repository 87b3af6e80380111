/**
 * Publishing a new catalog for an existing tenant (issue 12.2): `PUT /v1/catalog` takes the
 * catalog file itself (YAML, or JSON, which is YAML too), validates it with every problem by
 * path, and makes it the tenant's current version, all or nothing; `GET /v1/catalog/versions`
 * lists the versions kept. Holds keep the version that quoted them.
 */
import { z } from 'zod';
import { loadCatalogText } from '../../catalog/load.ts';
import { fail } from '../../domain/errors.ts';
import { defineRoute } from '../route.ts';
import { toSnakeCase } from '../snake.ts';
import { mapOk } from './results.ts';

const TAG = 'Pricing';

export const catalogPublishedSchema = z.object({
  object: z.literal('catalog_version'),
  version: z.string().describe('The content hash of the file: recorded with every hold and charge'),
  previous_version: z.string(),
  current: z.literal(true),
  changed: z.boolean().describe('False when this version was already the current one'),
  models: z.number().int(),
  plans: z.number().int(),
  packs: z.number().int(),
});

export const catalogVersionListSchema = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      object: z.literal('catalog_version'),
      version: z.string(),
      current: z.boolean(),
      created_at: z.number().int().describe('When this version was first stored (epoch ms)'),
    }),
  ),
});

export const catalogVersionRoutes = [
  defineRoute({
    method: 'PUT',
    url: '/v1/catalog',
    operationId: 'publishCatalog',
    tag: TAG,
    summary: 'Publish a new catalog version',
    description:
      "Send the catalog file as the body (`Content-Type: application/yaml` or `application/json`). It is validated exactly as `tollgate catalog check` does: an invalid file is 422 `invalid_catalog` with every problem by path in `details.problems`, and nothing changes. So is a catalog that drops a plan customers are on. A valid one is stored as a version (its content hash) and becomes the tenant's current catalog in one write. Holds placed before keep the version that quoted them and commit at that price; new quotes, holds and charges use the new one. Publishing the current version again changes nothing (`changed: false`).",
    access: 'tenant',
    idempotent: true,
    rawBody: true,
    rawBodyDoc: {
      contentTypes: ['application/yaml', 'application/json'],
      description: 'The catalog file (see catalogs/*.yaml)',
    },
    response: catalogPublishedSchema,
    errors: ['invalid_request', 'invalid_catalog', 'idempotency_conflict', 'not_found'],
    handler: async ({ deps, tenantId, idempotencyKey, request }) => {
      const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      if (text.trim() === '')
        return fail('invalid_request', 'send the catalog file (YAML or JSON) as the body', 'body');
      const loaded = loadCatalogText(text, 'body');
      if (!loaded.ok) return loaded;
      const published = await deps.engine.publishCatalog({
        tenantId,
        idempotencyKey,
        catalog: loaded.value,
        catalogSource: text,
        sourceName: 'body',
      });
      return mapOk(published, (p) => ({
        object: 'catalog_version' as const,
        ...toSnakeCase(p),
        current: true as const,
      }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/catalog/versions',
    operationId: 'listCatalogVersions',
    tag: TAG,
    summary: 'List the catalog versions',
    description:
      'Every catalog version stored for the tenant, newest first; `current` marks the one in force. Old versions are kept because holds price at their own.',
    access: 'tenant',
    response: catalogVersionListSchema,
    handler: async ({ deps, tenantId }) =>
      mapOk(await deps.engine.listCatalogVersions(tenantId), (versions) => ({
        object: 'list' as const,
        data: versions.map((v) => ({
          object: 'catalog_version' as const,
          version: v.version,
          current: v.current,
          created_at: v.createdAt,
        })),
      })),
  }),
];
