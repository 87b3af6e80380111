/**
 * A route limited per client address (`@fastify/rate-limit`, keyed by `request.ip`, which
 * honours the server's trusted proxies): past `max` requests in `windowMs` it answers 429
 * `rate_limited` with `Retry-After`. Used where an unauthenticated route makes something (a
 * demo session with credits), so one address cannot make thousands.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AnyRoute } from './route.ts';

/** Registers a route through `register` in its own scope, with the per-address limit applied. */
export function registerLimitedRoute(
  app: FastifyInstance,
  route: AnyRoute,
  limit: { readonly max: number; readonly windowMs: number },
  register: (scope: FastifyInstance) => void,
): void {
  app.register(async (scope) => {
    await scope.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.windowMs,
      errorResponseBuilder: (_request, context) =>
        Object.assign(
          new Error(
            `too many ${route.method} ${route.url} requests from this address: at most ${limit.max} a ${Math.round(limit.windowMs / 1000)} s, try again after ${context.after}`,
          ),
          { statusCode: 429 },
        ),
    });
    register(scope);
  });
}
