/**
 * `GET /metrics`: Prometheus text format (requests by route and status, latency, credits,
 * process). Public unless the operator sets `METRICS_TOKEN`; then the scraper must send
 * `Authorization: Bearer <token>` (compared in constant time) or gets a 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { fail } from '../../domain/errors.ts';
import { defineRoute } from '../route.ts';

/** Whether an Authorization header carries the metrics token. */
export function carriesMetricsToken(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const match = /^Bearer (.+)$/i.exec(header.trim());
  if (match === null) return false;
  // Equal-length digests, so the comparison time does not depend on where they differ.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1] as string), digest(token));
}

export const metricsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/metrics',
    operationId: 'metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics',
    description:
      'Carries no tenant data (labels are routes and statuses). Public like /healthz unless the server sets `METRICS_TOKEN`: then send `Authorization: Bearer <METRICS_TOKEN>` (401 without it). Keep it off the open internet either way.',
    access: 'public',
    raw: true,
    errors: ['unauthorized'],
    handler: async ({ deps, metrics, request, reply }) => {
      const token = deps.config.metricsToken;
      if (token !== null && !carriesMetricsToken(request.headers.authorization, token)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        return fail(
          'unauthorized',
          'send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"',
          'Authorization',
        );
      }
      const text = await metrics.registry.metrics();
      await reply.status(200).header('content-type', metrics.registry.contentType).send(text);
      return null;
    },
  }),
];
