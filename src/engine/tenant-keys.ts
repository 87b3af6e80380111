/**
 * Managing a tenant's credentials (issue 11 item 7): mint more secret keys (named, shown
 * once), list them (never the keys), revoke one, and rotate the secret that signs customer
 * session tokens. Revocation and rotation take effect in the shared database at once; each
 * server process re-reads keys and secrets at least every few seconds (`src/http/auth.ts`).
 */
import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { TenantKeyRow } from '../store/sql/access.ts';
import type { StoreTx } from '../store/store.ts';
import { generateKey, hashKey, TENANT_KEY_PREFIX } from './access.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { runUseCase } from './transaction.ts';
import type { Mutation } from './types.ts';
import { validateId, validateText } from './validate.ts';

/** A tenant key as listed: never the key itself, only the prefix that tells keys apart. */
export interface TenantKeyInfo {
  readonly id: string;
  readonly prefix: string;
  readonly name: string | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export interface TenantKeyMinted {
  readonly tenantKey: TenantKeyInfo;
  /** The key itself, shown once; null when the answer is a replay of an earlier request. */
  readonly key: string | null;
}

function presentTenantKey(row: TenantKeyRow): TenantKeyInfo {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name ?? null,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

/** Mints a named secret key for the calling tenant; the key is in this answer only. */
export async function mintTenantKey(
  ctx: EngineContext,
  input: Mutation & { readonly name?: string | null },
): Promise<Result<TenantKeyMinted>> {
  const invalid = validateText(input.name, 'name');
  if (!invalid.ok) return invalid;
  let shown: string | null = null;
  const minted = await runIdempotent(
    ctx,
    { ...input, operation: 'create_tenant_key', input: { name: input.name ?? null } },
    async (tx) => {
      if ((await tx.tenants.get(input.tenantId)) === null)
        return fail('not_found', `no tenant ${input.tenantId}`, 'tenant');
      const key = generateKey(TENANT_KEY_PREFIX);
      const row: TenantKeyRow = {
        tenantId: input.tenantId,
        id: ctx.newId(),
        keyHash: hashKey(key),
        prefix: key.slice(0, TENANT_KEY_PREFIX.length + 6),
        name: input.name ?? null,
        createdAt: ctx.now(),
        revokedAt: null,
      };
      await tx.access.insertTenantKey(row);
      shown = key;
      return ok({ tenantKey: presentTenantKey(row), key: null });
    },
  );
  // The stored answer never holds the key: a replay answers the same record without it.
  return minted.ok ? ok({ ...minted.value, key: shown }) : minted;
}

/** Every key of a tenant, revoked ones too, oldest first. */
export async function listTenantKeys(ctx: EngineContext, tenantId: string): Promise<TenantKeyInfo[]> {
  const rows = await ctx.store.read((tx) => tx.tenantKeys.list(tenantId));
  return rows.map(presentTenantKey);
}

/**
 * Revokes a key inside a transaction. Refuses the tenant's last live key (nobody could call
 * the API any more; mint another first). Revoking a revoked key answers the same record.
 */
async function revokeInTx(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  keyId: string,
): Promise<Result<TenantKeyInfo>> {
  const row = await tx.tenantKeys.get(tenantId, keyId);
  if (row === null) return fail('not_found', `no tenant key ${keyId}`, 'id');
  if (row.revokedAt !== null) return ok(presentTenantKey(row));
  if ((await tx.tenantKeys.countLive(tenantId)) <= 1) {
    return fail(
      'invalid_request',
      `tenant key ${keyId} is the last live key of tenant ${tenantId}: mint another first (POST /v1/tenant-keys), then revoke this one`,
      'id',
    );
  }
  await tx.tenantKeys.revoke(tenantId, keyId, ctx.now());
  return ok(presentTenantKey({ ...row, revokedAt: ctx.now() }));
}

/** Revokes a tenant key through the API (idempotent by key). */
export async function revokeTenantKey(
  ctx: EngineContext,
  input: Mutation & { readonly keyId: string },
): Promise<Result<TenantKeyInfo>> {
  const invalid = validateId(input.keyId, 'id');
  if (!invalid.ok) return invalid;
  return runIdempotent(
    ctx,
    { ...input, operation: 'revoke_tenant_key', input: { keyId: input.keyId } },
    (tx) => revokeInTx(ctx, tx, input.tenantId, input.keyId),
  );
}

/** Revokes a tenant key by id alone (the operator's CLI; ids are unique across tenants). */
export async function revokeTenantKeyById(
  ctx: EngineContext,
  keyId: string,
): Promise<Result<TenantKeyInfo & { readonly tenantId: string }>> {
  const tenantId = await ctx.store.read((tx) => tx.tenantKeys.findTenantOf(keyId));
  if (tenantId === null) return fail('not_found', `no tenant key ${keyId}`, 'id');
  const revoked = await runUseCase(ctx, { tenantId }, (tx) => revokeInTx(ctx, tx, tenantId, keyId));
  return revoked.ok ? ok({ ...revoked.value, tenantId }) : revoked;
}

/**
 * Replaces the tenant's session-signing secret: every customer session token signed before
 * stops verifying (no grace period; tokens live 15 minutes by default and the browser
 * components mint new ones from the tenant's backend).
 */
export async function rotateSessionSecret(
  ctx: EngineContext,
  tenantId: string,
): Promise<Result<{ readonly tenantId: string; readonly rotatedAt: number }>> {
  const secret = randomBytes(32).toString('base64url');
  return runUseCase(ctx, { tenantId }, async (tx) => {
    if ((await tx.tenants.get(tenantId)) === null)
      return fail('not_found', `no tenant ${tenantId}`, 'tenant');
    const now = ctx.now();
    await tx.tenantKeys.rotateSessionSecret(tenantId, secret, now);
    return ok({ tenantId, rotatedAt: now });
  });
}
