/**
 * The public catalog (issue 15): what a buyer may see of a tenant's current catalog, under the
 * slug the tenant published it with — no key, never costs, margins, keys or customers. The
 * landing page (`/`, `/p/:slug`) is built on these: the catalog (cached by ETag), a sample of
 * what each model makes, and a month of work priced by the same code as `POST /v1/quotes`.
 */
import { z } from 'zod';
import { makeSampleOutput } from '../../demo/samples.ts';
import { DEMO_PRESETS, type DemoPreset, ensureDemoTenant, isDemoTenant } from '../../demo/tenants.ts';
import { findModel } from '../../domain/catalog.ts';
import { fail, ok } from '../../domain/errors.ts';
import { presentPublicCatalog } from '../../domain/public-catalog.ts';
import type { Engine } from '../../engine/engine.ts';
import { defineRoute } from '../route.ts';
import { idSchema, toEngineParams } from '../schemas/common.ts';
import {
  estimateBody,
  monthEstimateSchema,
  pageBody,
  publicCatalogSchema,
  publicPageSchema,
  publicSampleSchema,
} from '../schemas/public-catalog.ts';
import { toSnakeCase } from '../snake.ts';
import { mapOk } from './results.ts';

const TAG = 'Public pages';
const slugParams = z.strictObject({
  tenant: z.string().min(1).max(100).describe("The tenant's public slug"),
});
const sampleParams = slugParams.extend({ model: idSchema });
const sampleQuery = z.looseObject({
  seconds: z.coerce.number().int().min(1).max(30).optional().describe('Length of a video or music sample'),
});
/** In demo mode the presets' demo tenants exist from the first visit, as the studio makes them. */
async function ensureDemoSlug(engine: Engine, demo: boolean, slug: string): Promise<void> {
  if (demo && (DEMO_PRESETS as readonly string[]).includes(slug))
    await ensureDemoTenant(engine, slug as DemoPreset);
}

export const publicCatalogRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/public/catalogs/:tenant',
    operationId: 'getPublicCatalog',
    tag: TAG,
    summary: 'Read a published catalog (no key)',
    description:
      'What a buyer may see of the catalog a tenant published under `tenant` (its public slug, set with `PUT /v1/catalog/public` or `tollgate tenant create --public-slug`): models with their prices in credits (free models first), plans with what they include and their limits, packs and rewards. Never provider costs, margins, keys or customers. Answers an `ETag` from the catalog version and page settings; send it back in `If-None-Match` for a 304.',
    access: 'public',
    params: slugParams,
    response: publicCatalogSchema,
    errors: ['not_found'],
    handler: async ({ deps, params, request, reply }) => {
      await ensureDemoSlug(deps.engine, deps.demo, params.tenant);
      const published = await deps.engine.readPublishedCatalog(params.tenant);
      if (!published.ok) return published;
      const { catalog, page, tenantId } = published.value;
      const etag = `"${catalog.version}.${page.updatedAt}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === etag) {
        await reply.status(304).send();
        return null;
      }
      return ok({
        object: 'public_catalog' as const,
        ...toSnakeCase(presentPublicCatalog(catalog)),
        page: {
          slug: page.slug,
          signup_url: page.signupUrl,
          demo_checkout: deps.demo && isDemoTenant(tenantId),
        },
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/public/catalogs/:tenant/samples/:model',
    operationId: 'getPublicSample',
    tag: TAG,
    summary: 'A sample of what a model makes (no key)',
    description:
      "A sample output from the demo's simulated provider for a model of a published catalog: a picture, a video placeholder or a WAV clip (as data URLs), or text. The same on every call.",
    access: 'public',
    params: sampleParams,
    query: sampleQuery,
    response: publicSampleSchema,
    errors: ['not_found', 'unknown_model', 'invalid_request'],
    handler: async ({ deps, params, query, reply }) => {
      await ensureDemoSlug(deps.engine, deps.demo, params.tenant);
      const published = await deps.engine.readPublishedCatalog(params.tenant);
      if (!published.ok) return published;
      const model = findModel(published.value.catalog, params.model);
      if (model === undefined) return fail('unknown_model', `no model ${params.model}`, 'model');
      reply.header('cache-control', 'public, max-age=3600');
      return ok({
        object: 'public_sample' as const,
        model: model.id,
        output: makeSampleOutput(model, query.seconds ?? 5),
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/public/catalogs/:tenant/estimates',
    operationId: 'estimatePublicMonth',
    tag: TAG,
    summary: 'Price a month of work and the plans that cover it (no key)',
    description:
      "The landing page's calculator: each item is quoted exactly as `POST /v1/quotes` quotes it (one generation) and multiplied by `count` a month; `options` answers every plan's cost to cover that month (its price plus the cheapest packs for the credits it lacks) or why it cannot (`blocked_by`), and `best` the cheapest that covers it. Nothing is stored.",
    access: 'public',
    params: slugParams,
    body: estimateBody,
    response: monthEstimateSchema,
    perAddressLimit: { max: 240, windowMs: 60_000 },
    errors: ['not_found', 'invalid_request', 'unknown_model', 'parameter_out_of_range', 'unpriced_model'],
    handler: async ({ deps, params, body }) => {
      await ensureDemoSlug(deps.engine, deps.demo, params.tenant);
      const lines = body.items.map((i) => ({
        modelId: i.model,
        params: toEngineParams(i.params),
        count: i.count,
      }));
      return mapOk(await deps.engine.estimatePublishedMonth(params.tenant, lines), (e) => ({
        object: 'month_estimate' as const,
        ...toSnakeCase(e),
      }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/catalog/public',
    operationId: 'getPublicPage',
    tag: TAG,
    summary: "Read the tenant's public page settings",
    access: 'tenant',
    response: publicPageSchema,
    handler: async ({ deps, tenantId }) =>
      mapOk(await deps.engine.readPublicPage(tenantId), (p) => ({
        object: 'public_page' as const,
        published: p !== null,
        slug: p?.slug ?? null,
        signup_url: p?.signupUrl ?? null,
      })),
  }),
  defineRoute({
    method: 'PUT',
    url: '/v1/catalog/public',
    operationId: 'setPublicPage',
    tag: TAG,
    summary: "Publish (or unpublish) the tenant's catalog under a public slug",
    description:
      "Opts the tenant in to `GET /v1/public/catalogs/:slug` and the landing page at `/p/:slug` (`slug: null` opts out). A slug is 2 to 63 lowercase letters, digits or inner hyphens, and one tenant's only. `signup_url` is where buy buttons hand a visitor off to the tenant's own sign-up.",
    access: 'tenant',
    body: pageBody,
    response: publicPageSchema,
    errors: ['invalid_request', 'not_found'],
    handler: async ({ deps, tenantId, body }) =>
      mapOk(
        await deps.engine.setPublicPage({ tenantId, slug: body.slug, signupUrl: body.signup_url ?? null }),
        (p) => ({
          object: 'public_page' as const,
          published: p !== null,
          slug: p?.slug ?? null,
          signup_url: p?.signupUrl ?? null,
        }),
      ),
  }),
];
