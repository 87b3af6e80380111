/** The tenant's current catalog: models, plans, packs, rewards and the price list with margins. */

import { defineRoute } from '../route.ts';
import { catalogSchema } from '../schemas/responses.ts';
import { toSnakeCase } from '../snake.ts';
import { mapOk } from './results.ts';

export const catalogRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/catalog',
    operationId: 'getCatalog',
    tag: 'Pricing',
    summary: 'Read the catalog',
    description:
      'The catalog in force (its `version` is a content hash recorded with every hold and charge), and `prices`: one row per price a customer can pay. Session tokens may read it, for cost previews.',
    access: { session: 'read' },
    response: catalogSchema,
    handler: async ({ deps, tenantId }) =>
      mapOk(await deps.engine.readCatalog(tenantId), ({ catalog, prices }) => ({
        object: 'catalog' as const,
        ...toSnakeCase(catalog),
        prices: toSnakeCase(prices),
      })),
  }),
];
