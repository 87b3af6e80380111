/**
 * The operator dashboard's page (issue 14 item 3): `web/dashboard` built by `npm start`'s
 * prestart into `web/dashboard/dist` and served under `/dashboard/` (every path without a file
 * answers its index.html; the page routes by `#/…`). The page itself is public; every figure it
 * shows comes from the API, which needs the operator session (routes/operator-session.ts).
 */
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { readStudioAsset } from '../../demo/static.ts';
import { type AnyRoute, defineRoute } from '../route.ts';

export const DASHBOARD_DIST_DIR = fileURLToPath(new URL('../../../web/dashboard/dist/', import.meta.url));
const assetPath = z.looseObject({ '*': z.string().max(1000).optional() });

async function sendDashboardAsset(reply: FastifyReply, path: string): Promise<null> {
  const asset = await readStudioAsset(path, DASHBOARD_DIST_DIR);
  if (asset.status === 404) {
    const message = asset.message.startsWith('the studio is not built')
      ? 'the dashboard is not built: run `npx vite build web/dashboard` (npm start does), then reload'
      : asset.message;
    await reply.status(404).type('text/plain; charset=utf-8').send(message);
    return null;
  }
  await reply
    .status(200)
    .header('cache-control', asset.cacheControl)
    .header('x-frame-options', 'DENY')
    .type(asset.contentType)
    .send(asset.body);
  return null;
}

export const dashboardRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/dashboard',
    operationId: 'dashboardRedirect',
    tag: 'Operator',
    summary: 'The operator dashboard (redirects to /dashboard/)',
    access: 'public',
    raw: true,
    handler: async ({ reply }) => {
      await reply.redirect('/dashboard/', 302);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/dashboard/*',
    operationId: 'dashboardAsset',
    tag: 'Operator',
    summary: 'The operator dashboard web app',
    access: 'public',
    raw: true,
    params: assetPath,
    handler: async ({ params, reply }) => sendDashboardAsset(reply, params['*'] ?? ''),
  }),
];
