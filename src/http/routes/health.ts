/** `GET /healthz`: the process is up and its database answers. Public, for load balancers. */
import { ok } from '../../domain/errors.ts';
import { defineRoute } from '../route.ts';
import { healthSchema } from '../schemas/responses.ts';

export const healthRoutes = [
  defineRoute({
    method: 'GET',
    url: '/healthz',
    operationId: 'health',
    tag: 'Operations',
    summary: 'Health check',
    description: 'Answers 200 when the server runs and a read of the database succeeds.',
    access: 'public',
    response: healthSchema,
    handler: async ({ deps }) => {
      await deps.engine.listTenants();
      return ok({ status: 'ok' as const, database: deps.store.dialect });
    },
  }),
];
