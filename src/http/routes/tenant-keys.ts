/**
 * A tenant's own secret keys: mint another (named, shown once), list them (never the keys),
 * revoke one. Revocation reaches every server process within a few seconds. Tenant secret
 * keys only: a customer session token never manages credentials.
 */
import type { TenantKeyInfo } from '../../engine/tenant-keys.ts';
import { defineRoute } from '../route.ts';
import { emptyBodySchema, idPathSchema } from '../schemas/common.ts';
import { createTenantKeyBody, tenantKeyListSchema, tenantKeySchema } from '../schemas/tenant-keys.ts';
import { toSnakeCase } from '../snake.ts';
import { mapOk } from './results.ts';

const TAG = 'API keys';

function presentTenantKey(k: TenantKeyInfo, key?: string | null) {
  return { object: 'tenant_key' as const, ...toSnakeCase(k), ...(key === undefined ? {} : { key }) };
}

export const tenantKeyRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/tenant-keys',
    operationId: 'createTenantKey',
    tag: TAG,
    summary: 'Create a tenant secret key',
    description:
      'Mints another secret key (`tg_sk_…`) for your tenant, to rotate keys without downtime: deploy the new key, then revoke the old one. `key` is in this answer only; a replay with the same Idempotency-Key answers the same record with `key: null`.',
    access: 'tenant',
    idempotent: true,
    body: createTenantKeyBody,
    response: tenantKeySchema,
    errors: ['invalid_request', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, body }) =>
      mapOk(
        await deps.engine.mintTenantKey({
          tenantId,
          idempotencyKey,
          ...(body.name === undefined ? {} : { name: body.name }),
        }),
        (minted) => presentTenantKey(minted.tenantKey, minted.key),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/tenant-keys',
    operationId: 'listTenantKeys',
    tag: TAG,
    summary: 'List tenant secret keys',
    description:
      'Every key of your tenant, revoked ones too, oldest first: prefixes and names, never the keys.',
    access: 'tenant',
    response: tenantKeyListSchema,
    handler: async ({ deps, tenantId }) => ({
      ok: true as const,
      value: {
        object: 'list' as const,
        data: (await deps.engine.listTenantKeys(tenantId)).map((k) => presentTenantKey(k)),
      },
    }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/v1/tenant-keys/:id',
    operationId: 'revokeTenantKey',
    tag: TAG,
    summary: 'Revoke a tenant secret key',
    description:
      "The key stops authenticating on every server within 5 seconds. Revoking a revoked key answers the same record; the tenant's last live key cannot be revoked (mint another first). The key making this request may revoke itself.",
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: emptyBodySchema,
    response: tenantKeySchema,
    errors: ['not_found', 'invalid_request', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params }) =>
      mapOk(await deps.engine.revokeTenantKey({ tenantId, idempotencyKey, keyId: params.id }), (k) =>
        presentTenantKey(k),
      ),
  }),
];
