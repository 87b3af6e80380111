/**
 * Tenant access: secret keys (random, shown once, stored as SHA-256 hashes) and the secret
 * that signs a tenant's customer session tokens. The HTTP layer resolves a bearer key to its
 * tenant here, so every query after that is scoped by the tenant the key belongs to.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { StripeKeysRow } from '../store/sql/access.ts';
import type { EngineContext } from './context.ts';
import { runUseCase } from './transaction.ts';

/** Prefix of tenant secret keys; scanners and humans can recognise a leaked one. */
export const TENANT_KEY_PREFIX = 'tg_sk_';

/** SHA-256 hex of a key. Keys are 256 random bits, so a plain hash is as strong as a slow one. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key with the given prefix: 32 random bytes, base64url. */
export function generateKey(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export interface TenantKeyCreated {
  readonly id: string;
  readonly tenantId: string;
  /** The key itself: shown once, never stored. */
  readonly secretKey: string;
}

/** Mints a new secret key for a tenant; answers it once (only its hash is stored). */
export async function createTenantKey(
  ctx: EngineContext,
  tenantId: string,
  name: string | null = null,
): Promise<Result<TenantKeyCreated>> {
  const secretKey = generateKey(TENANT_KEY_PREFIX);
  const id = ctx.newId();
  return runUseCase(ctx, { tenantId }, async (tx) => {
    if ((await tx.tenants.get(tenantId)) === null)
      return fail('not_found', `no tenant ${tenantId}`, 'tenant');
    await tx.access.insertTenantKey({
      tenantId,
      id,
      keyHash: hashKey(secretKey),
      prefix: secretKey.slice(0, TENANT_KEY_PREFIX.length + 6),
      name,
      createdAt: ctx.now(),
      revokedAt: null,
    });
    return ok({ id, tenantId, secretKey });
  });
}

/** The tenant a secret key belongs to, or null for an unknown or revoked key. */
export async function findTenantByKey(
  ctx: EngineContext,
  secretKey: string,
): Promise<{ tenantId: string; keyId: string } | null> {
  if (!secretKey.startsWith(TENANT_KEY_PREFIX)) return null;
  const row = await ctx.store.read((tx) => tx.access.findTenantKey(hashKey(secretKey)));
  return row === null ? null : { tenantId: row.tenantId, keyId: row.id };
}

/** The tenant's session-signing secret, made on first use; `not_found` for an unknown tenant. */
export async function loadSessionSecret(ctx: EngineContext, tenantId: string): Promise<Result<string>> {
  const existing = await ctx.store.read((tx) => tx.access.getSessionSecret(tenantId));
  if (existing !== null) return ok(existing);
  const fresh = randomBytes(32).toString('base64url');
  return runUseCase(ctx, { tenantId }, async (tx) => {
    if ((await tx.tenants.get(tenantId)) === null)
      return fail('not_found', `no tenant ${tenantId}`, 'tenant');
    return ok(await tx.access.ensureSessionSecret(tenantId, fresh, ctx.now()));
  });
}

/** Every tenant, oldest first (serve uses it to see whether the database is fresh). */
export async function listTenants(ctx: EngineContext) {
  return ctx.store.read((tx) => tx.tenants.list());
}

/**
 * Stores a tenant's own Stripe keys (null = use the environment's) and the secret its offline
 * test checkout signs events with (made here when not given). Issue 6's payments read them back.
 */
export async function saveStripeKeys(
  ctx: EngineContext,
  tenantId: string,
  keys: { stripeSecretKey: string | null; stripeWebhookSecret: string | null; localWebhookSecret?: string },
): Promise<Result<StripeKeysRow>> {
  const row: StripeKeysRow = {
    stripeSecretKey: keys.stripeSecretKey,
    stripeWebhookSecret: keys.stripeWebhookSecret,
    localWebhookSecret: keys.localWebhookSecret ?? `whsec_${randomBytes(24).toString('hex')}`,
  };
  return runUseCase(ctx, { tenantId }, async (tx) => {
    if ((await tx.tenants.get(tenantId)) === null)
      return fail('not_found', `no tenant ${tenantId}`, 'tenant');
    await tx.access.saveStripeKeys(tenantId, row, ctx.now());
    return ok(row);
  });
}

/** A tenant's Stripe keys, or null when none were saved. */
export async function loadStripeKeys(ctx: EngineContext, tenantId: string): Promise<StripeKeysRow | null> {
  return ctx.store.read((tx) => tx.access.getStripeKeys(tenantId));
}
