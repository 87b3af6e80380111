/**
 * Publishing a new catalog for an existing tenant (issue 12.2): the validated catalog is stored
 * as a version (every version is kept) and becomes the tenant's current one, in one write,
 * all or nothing. Holds keep the version that quoted them, so a hold placed before a price
 * change commits at its quoted price while new quotes use the new one. A version may not drop
 * a plan that customers are on (they would silently fall to the default plan): that is an
 * `invalid_catalog` problem naming `plans`, like the file's own problems.
 */
import type { Catalog } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import type { Mutation } from './types.ts';

export interface PublishCatalogInput extends Mutation {
  /** A catalog validated by `loadCatalogText` (its version is the text's hash). */
  readonly catalog: Catalog;
  /** The catalog file as the operator wrote it. */
  readonly catalogSource: string;
  /** Names the file in problems (`PUT /v1/catalog`, a path). */
  readonly sourceName: string;
}

export interface CatalogVersionInfo {
  readonly version: string;
  readonly current: boolean;
  readonly createdAt: number;
}

export interface CatalogPublished {
  readonly version: string;
  readonly previousVersion: string;
  /** False when this version was already the current one. */
  readonly changed: boolean;
  readonly models: number;
  readonly plans: number;
  readonly packs: number;
}

/** Makes `catalog` the tenant's current catalog version. */
export async function publishCatalog(
  ctx: EngineContext,
  input: PublishCatalogInput,
): Promise<Result<CatalogPublished>> {
  const { tenantId, catalog } = input;
  return runIdempotent(
    ctx,
    { ...input, operation: 'publish_catalog', input: { version: catalog.version } },
    async (tx) => {
      const tenant = await tx.tenants.get(tenantId);
      if (tenant === null) return fail('not_found', `no tenant ${tenantId}`, 'tenant');
      const problems = await findDroppedPlans(tx, tenantId, catalog);
      if (problems.length > 0) {
        return fail(
          'invalid_catalog',
          `${input.sourceName}: invalid catalog\n${problems.join('\n')}`,
          'catalog',
          {
            source: input.sourceName,
            problems,
          },
        );
      }
      await tx.tenants.insertCatalog({
        tenantId,
        version: catalog.version,
        source: input.catalogSource,
        normalized: JSON.stringify(catalog),
        createdAt: ctx.now(),
      });
      await tx.tenants.setCatalogVersion(tenantId, catalog.version);
      return ok({
        version: catalog.version,
        previousVersion: tenant.catalogVersion,
        changed: tenant.catalogVersion !== catalog.version,
        models: catalog.models.length,
        plans: catalog.plans.length,
        packs: catalog.packs.length,
      });
    },
  );
}

/** Every stored version of the tenant's catalog, newest first, the current one marked. */
export async function listCatalogVersions(
  ctx: EngineContext,
  tenantId: string,
): Promise<Result<CatalogVersionInfo[]>> {
  return ctx.store.read(async (tx) => {
    const tenant = await tx.tenants.get(tenantId);
    if (tenant === null) return fail('not_found', `no tenant ${tenantId}`, 'tenant');
    const rows = await tx.catalogs.listVersions(tenantId);
    return ok(rows.map((r) => ({ ...r, current: r.version === tenant.catalogVersion })));
  });
}

/** `plans: …` problems for plans customers are on that the new catalog no longer has. */
async function findDroppedPlans(tx: StoreTx, tenantId: string, catalog: Catalog): Promise<string[]> {
  const kept = new Set(catalog.plans.map((p) => p.id));
  const counts = await tx.catalogs.countCustomersByPlan(tenantId);
  return [...counts]
    .filter(([planId]) => !kept.has(planId))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([planId, n]) =>
        `plans: plan "${planId}" is missing, but ${n} customer${n === 1 ? ' is' : 's are'} on it; keep it, or move them first (POST /v1/customers/:id/plan)`,
    );
}
