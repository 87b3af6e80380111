/** The mutating operations of the served OpenAPI document (an app over a throw-away SQLite store). */
import { createTestApp } from '../support/http-app.ts';

export interface MutatingRoute {
  /** `POST /v1/holds/{id}/commit` */
  readonly name: string;
  /** Whether the operation takes an `Idempotency-Key` header. */
  readonly idempotent: boolean;
}

interface Operation {
  parameters?: { name: string; in: string }[];
}

/** Every non-GET operation of `/openapi.json`, with whether it takes an idempotency key. */
export async function listMutatingRoutes(): Promise<MutatingRoute[]> {
  const t = await createTestApp();
  try {
    const doc = await t.call(null, 'GET', '/openapi.json');
    const paths = doc.body.paths as Record<string, Record<string, Operation>>;
    return Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => method !== 'get' && method !== 'head')
        .map(([method, op]) => ({
          name: `${method.toUpperCase()} ${path}`,
          idempotent: (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
        })),
    );
  } finally {
    await t.close();
  }
}
