/** `GET /metrics`: Prometheus text format (requests by route and status, latency, credits, process). */
import { defineRoute } from '../route.ts';

export const metricsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/metrics',
    operationId: 'metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description:
      'Carries no tenant data (labels are routes and statuses), so it is public like /healthz; keep it off the open internet.',
    access: 'public',
    raw: true,
    handler: async ({ metrics, reply }) => {
      const text = await metrics.registry.metrics();
      await reply.status(200).header('content-type', metrics.registry.contentType).send(text);
      return null;
    },
  }),
];
