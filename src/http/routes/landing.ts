/**
 * The landing page (issue 15): the built `web/landing` app at `/` (the demo's default tenant,
 * Director's Palette) and at `/p/:slug` for any tenant that published its catalog, with its
 * hashed assets under `/landing/`. The page itself reads `GET /v1/public/catalogs/:slug`.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { readStudioAsset } from '../../demo/static.ts';
import { defineRoute } from '../route.ts';

export const LANDING_DIST_DIR = fileURLToPath(new URL('../../../web/landing/dist/', import.meta.url));
const TAG = 'Public pages';

async function sendLanding(reply: FastifyReply, path: string): Promise<null> {
  const asset = await readStudioAsset(path, LANDING_DIST_DIR);
  if (asset.status === 404) {
    const message = path.startsWith('assets/')
      ? asset.message
      : 'the landing page is not built: run `npm run build:web` (npm start builds it), then reload';
    await reply.status(404).type('text/plain; charset=utf-8').send(message);
    return null;
  }
  await reply
    .status(200)
    .header('cache-control', asset.cacheControl)
    .type(asset.contentType)
    .send(asset.body);
  return null;
}

export const landingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/',
    operationId: 'landingPage',
    tag: TAG,
    summary: "The landing page of the demo's default tenant",
    access: 'public',
    raw: true,
    handler: async ({ reply }) => sendLanding(reply, ''),
  }),
  defineRoute({
    method: 'GET',
    url: '/p/:slug',
    operationId: 'publicLandingPage',
    tag: TAG,
    summary: 'The landing page of a tenant that published its catalog',
    access: 'public',
    raw: true,
    params: z.strictObject({ slug: z.string().max(100) }),
    handler: async ({ reply }) => sendLanding(reply, ''),
  }),
  defineRoute({
    method: 'GET',
    url: '/landing/*',
    operationId: 'landingAsset',
    tag: TAG,
    summary: "The landing page's assets",
    access: 'public',
    raw: true,
    params: z.looseObject({ '*': z.string().max(1000).optional() }),
    handler: async ({ params, reply }) => sendLanding(reply, params['*'] ?? ''),
  }),
];
