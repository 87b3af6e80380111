/**
 * `tollgate tenant key` and `tollgate tenant rotate-session-secret`: a tenant's credentials
 * from the operator's shell. `key --tenant ID` mints a secret key (shown once, as before);
 * `key --revoke KEY_ID` revokes one (every server stops accepting it within 5 s); `key --list
 * --tenant ID` lists them (prefixes and names, never the keys); `rotate-session-secret` replaces
 * the secret signing the tenant's customer session tokens, so every token signed before stops
 * verifying. Output is JSON for scripts, except the list without `--json`.
 */
import type { Command } from 'commander';
import { createEngine, type Engine } from '../engine/engine.ts';
import { openCliStore } from './database.ts';
import { formatJson, formatTable, toSnakeCase } from './format.ts';
import { CliError, type CliIo, type CommandContext, EXIT } from './io.ts';
import { dbOption, jsonOption } from './options.ts';

interface KeyOptions {
  readonly tenant?: string;
  readonly revoke?: string;
  readonly list?: boolean;
  readonly name?: string;
  readonly json?: boolean;
  readonly db?: string;
}

async function withEngine(db: string | undefined, fn: (engine: Engine) => Promise<number>): Promise<number> {
  const store = await openCliStore(db, { mustExist: true });
  try {
    return await fn(createEngine({ store }));
  } finally {
    await store.close();
  }
}

function refuse(io: CliIo, message: string): number {
  io.stderr(`tollgate tenant: ${message}\n`);
  return EXIT.refused;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function runKey(options: KeyOptions, io: CliIo): Promise<number> {
  if (options.revoke !== undefined) {
    const keyId = options.revoke;
    return withEngine(options.db, async (engine) => {
      const revoked = await engine.revokeTenantKeyById(keyId);
      if (!revoked.ok) return refuse(io, `--revoke: ${revoked.error.message}`);
      io.stdout(
        `${JSON.stringify({ tenant: revoked.value.tenantId, key_id: revoked.value.id, revoked_at: iso(revoked.value.revokedAt) })}\n`,
      );
      return EXIT.ok;
    });
  }
  const tenantId = options.tenant as string;
  return withEngine(options.db, async (engine) => {
    if (options.list) {
      if ((await engine.listTenants()).every((t) => t.id !== tenantId))
        return refuse(io, `--tenant: no tenant ${tenantId} (tollgate tenant list shows them)`);
      const keys = await engine.listTenantKeys(tenantId);
      if (options.json) {
        io.stdout(
          formatJson(
            toSnakeCase(
              keys.map((k) => ({ ...k, createdAt: iso(k.createdAt), revokedAt: iso(k.revokedAt) })),
            ),
          ),
        );
        return EXIT.ok;
      }
      const rows = keys.map((k) => [
        k.id,
        k.prefix,
        k.name ?? '',
        iso(k.createdAt) ?? '',
        iso(k.revokedAt) ?? '',
      ]);
      io.stdout(`${formatTable(['ID', 'PREFIX', 'NAME', 'CREATED', 'REVOKED'], rows)}\n`);
      return EXIT.ok;
    }
    const minted = await engine.createTenantKey(tenantId, options.name ?? null);
    if (!minted.ok) return refuse(io, `--tenant: ${minted.error.message} (tollgate tenant list shows them)`);
    io.stdout(
      `${JSON.stringify({ tenant: tenantId, key_id: minted.value.id, secret_key: minted.value.secretKey })}\n`,
    );
    return EXIT.ok;
  });
}

async function rotate(options: { tenant: string; db?: string }, io: CliIo): Promise<number> {
  return withEngine(options.db, async (engine) => {
    const rotated = await engine.rotateSessionSecret(options.tenant);
    if (!rotated.ok)
      return refuse(io, `--tenant: ${rotated.error.message} (tollgate tenant list shows them)`);
    io.stdout(
      `${JSON.stringify({ tenant: rotated.value.tenantId, rotated_at: iso(rotated.value.rotatedAt) })}\n`,
    );
    return EXIT.ok;
  });
}

/** Adds `key` and `rotate-session-secret` under `tollgate tenant`. */
export function registerTenantKeys(tenant: Command, ctx: CommandContext): void {
  tenant
    .command('key')
    .description(
      'mint a secret key for a tenant (prints {"tenant", "key_id", "secret_key"}, shown once), list its keys, or revoke one',
    )
    .option('--tenant <id>', 'the tenant id (tollgate tenant list shows them); needed to mint or list')
    .option('--name <name>', 'what the new key is for, shown in lists')
    .option('--list', "list the tenant's keys: ids, prefixes, names, never the keys")
    .option('--revoke <key-id>', 'revoke a key by id: every server refuses it within 5 seconds')
    .addOption(jsonOption())
    .addOption(dbOption())
    .action(async function (this: Command, options: KeyOptions) {
      if (options.revoke === undefined && options.tenant === undefined)
        this.error("error: required option '--tenant <id>' not specified (or --revoke <key-id>)", {
          exitCode: EXIT.usage,
        });
      if (options.revoke !== undefined && (options.list || options.name !== undefined))
        throw new CliError('--revoke cannot be combined with --list or --name', EXIT.usage);
      ctx.exit(await runKey(options, ctx.io));
    });
  tenant
    .command('rotate-session-secret')
    .description(
      "replace the secret signing a tenant's customer session tokens: every token signed before stops working (within 5 seconds on every server)",
    )
    .requiredOption('--tenant <id>', 'the tenant id (tollgate tenant list shows them)')
    .addOption(dbOption())
    .action(async (options: { tenant: string; db?: string }) => ctx.exit(await rotate(options, ctx.io)));
}
