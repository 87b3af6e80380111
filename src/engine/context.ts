/**
 * What every use case shares: the store, the injected clock, id and hash makers, the
 * tenant's catalog (cached by version, so a hold prices at the catalog it was quoted at),
 * and the pricing context. Built once by `createEngine`.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Catalog } from '../domain/catalog.ts';
import { fail, type Result } from '../domain/errors.ts';
import type { PricingContext } from '../domain/pricing.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { tokenizerContext } from '../tokenizer.ts';

/** Switches that break the engine on purpose, so tests can prove the model-based test notices. */
export interface UnsafeTestOptions {
  /** Commit a hold without checking it is still active (double charges). */
  readonly skipHoldStatusCheck?: boolean;
}

export interface EngineOptions {
  readonly store: Store;
  /** The clock, epoch milliseconds. */
  readonly now?: () => number;
  readonly newId?: () => string;
  readonly pricing?: PricingContext;
  /** How long idempotency keys are kept; at least 24 hours. */
  readonly idempotencyTtlMs?: number;
  readonly unsafeForTests?: UnsafeTestOptions;
  /** Lots an authorize or commit reads before it needs them all (default 32; tests use 1). */
  readonly lotWindow?: number;
}

export interface EngineContext {
  readonly store: Store;
  readonly now: () => number;
  readonly newId: () => string;
  readonly pricing: PricingContext;
  readonly idempotencyTtlMs: number;
  readonly unsafe: UnsafeTestOptions;
  readonly catalogCache: Map<string, Catalog>;
  readonly lotWindow: number;
}

const DAY_MS = 86_400_000;

/** Fills in defaults; refuses an idempotency lifetime under 24 hours. */
export function createEngineContext(options: EngineOptions): EngineContext {
  const ttl = options.idempotencyTtlMs ?? DAY_MS;
  if (ttl < DAY_MS) throw new RangeError('idempotency keys must live at least 24 hours');
  return {
    store: options.store,
    now: options.now ?? Date.now,
    newId: options.newId ?? uuidv7,
    pricing: options.pricing ?? tokenizerContext,
    idempotencyTtlMs: ttl,
    unsafe: options.unsafeForTests ?? {},
    catalogCache: new Map(),
    lotWindow: options.lotWindow ?? 32,
  };
}

/** SHA-256 hex of a text (request hashes, journal digests). */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Loads one catalog version of a tenant, from the cache or the store. */
export async function loadCatalogVersion(ctx: EngineContext, tx: StoreTx, tenantId: string, version: string) {
  const key = `${tenantId}@${version}`;
  const cached = ctx.catalogCache.get(key);
  if (cached !== undefined) return cached;
  const row = await tx.tenants.getCatalog(tenantId, version);
  if (row === null) throw new Error(`catalog ${version} of tenant ${tenantId} is missing`);
  const catalog = JSON.parse(row.normalized) as Catalog;
  ctx.catalogCache.set(key, catalog);
  return catalog;
}

/** Loads a tenant's current catalog; `not_found` for an unknown tenant. */
export async function loadTenantCatalog(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
): Promise<Result<Catalog>> {
  const tenant = await tx.tenants.get(tenantId);
  if (tenant === null) return fail('not_found', `no tenant ${tenantId}`, 'tenant');
  return { ok: true, value: await loadCatalogVersion(ctx, tx, tenantId, tenant.catalogVersion) };
}
