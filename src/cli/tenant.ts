/**
 * `tollgate tenant create|list|key|rotate-session-secret`: make a tenant with its catalog and
 * first secret key, list the tenants; `key` (mint, list, revoke) and `rotate-session-secret`
 * are in `tenant-keys.ts`. Keys are shown once; only their hashes are stored. `create` and
 * `key` print JSON for scripts.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { listPresets, loadCatalogText, PRESETS_DIR } from '../catalog/load.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { validatePublicSlug } from '../engine/public-pages.ts';
import { openCliStore } from './database.ts';
import { formatJson, formatTable, toSnakeCase } from './format.ts';
import { type CliIo, type CommandContext, EXIT } from './io.ts';
import { dbOption, jsonOption } from './options.ts';
import { registerTenantKeys } from './tenant-keys.ts';

export interface ProvisionInput {
  readonly name: string;
  /** A preset name (`musicgen`) or a catalog file path. */
  readonly catalog: string;
  readonly tenantId?: string;
  readonly stripeSecretKey?: string | null;
  readonly stripeWebhookSecret?: string | null;
  /** Publishes the tenant's catalog under this slug (`/p/:slug`, issue 15); none = not public. */
  readonly publicSlug?: string | null;
  /** Where the public page's buy buttons hand a visitor to the tenant's sign-up. */
  readonly signupUrl?: string | null;
}

async function readCatalogSource(presetOrFile: string): Promise<Result<{ text: string; path: string }>> {
  const presets = await listPresets();
  const path = presets.includes(presetOrFile) ? `${PRESETS_DIR}${presetOrFile}.yaml` : presetOrFile;
  try {
    return ok({ text: await readFile(path, 'utf8'), path });
  } catch {
    return fail(
      'not_found',
      `no preset or file named ${JSON.stringify(presetOrFile)} (presets: ${presets.join(', ')})`,
      'catalog',
    );
  }
}

/** Creates a tenant with a catalog, its Stripe keys and a first secret key; answers the id and the key. */
export async function provisionTenant(
  engine: Engine,
  input: ProvisionInput,
): Promise<Result<{ id: string; secretKey: string }>> {
  const slug = input.publicSlug ?? null;
  if (slug !== null) {
    const valid = validatePublicSlug(slug, 'public_slug');
    if (!valid.ok) return valid;
    if ((await engine.readPublishedCatalog(slug)).ok)
      return fail('invalid_request', `the public slug ${slug} is taken by another tenant`, 'public_slug');
  }
  const source = await readCatalogSource(input.catalog);
  if (!source.ok) return source;
  const catalog = loadCatalogText(source.value.text, source.value.path);
  if (!catalog.ok) return catalog;
  const tenant = await engine.saveTenant({
    name: input.name,
    catalog: catalog.value,
    catalogSource: source.value.text,
    ...(input.tenantId === undefined ? {} : { tenantId: input.tenantId }),
  });
  if (!tenant.ok) return tenant;
  const stripe = await engine.saveStripeKeys(tenant.value.id, {
    stripeSecretKey: input.stripeSecretKey ?? null,
    stripeWebhookSecret: input.stripeWebhookSecret ?? null,
  });
  if (!stripe.ok) return stripe;
  if (slug !== null) {
    const page = await engine.setPublicPage({
      tenantId: tenant.value.id,
      slug,
      signupUrl: input.signupUrl ?? null,
    });
    if (!page.ok) return page;
  }
  const key = await engine.createTenantKey(tenant.value.id);
  return key.ok ? ok({ id: tenant.value.id, secretKey: key.value.secretKey }) : key;
}

/** Opens the database `--db` names (else the server's), runs `fn` with an engine, closes it. */
async function withEngine(
  db: string | undefined,
  mustExist: boolean,
  fn: (engine: Engine) => Promise<number>,
): Promise<number> {
  const store = await openCliStore(db, { mustExist });
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

interface CreateOptions {
  readonly name: string;
  readonly catalog: string;
  readonly db?: string;
  readonly stripeSecretKey?: string;
  readonly stripeWebhookSecret?: string;
  readonly publicSlug?: string;
  readonly signupUrl?: string;
}

async function create(options: CreateOptions, io: CliIo): Promise<number> {
  return withEngine(options.db, false, async (engine) => {
    const created = await provisionTenant(engine, {
      name: options.name,
      catalog: options.catalog,
      stripeSecretKey: options.stripeSecretKey ?? null,
      stripeWebhookSecret: options.stripeWebhookSecret ?? null,
      publicSlug: options.publicSlug ?? null,
      signupUrl: options.signupUrl ?? null,
    });
    if (!created.ok) return refuse(io, created.error.message);
    io.stdout(`${JSON.stringify({ id: created.value.id, secret_key: created.value.secretKey })}\n`);
    return EXIT.ok;
  });
}

async function list(options: { db?: string; json?: boolean }, io: CliIo): Promise<number> {
  return withEngine(options.db, true, async (engine) => {
    const tenants = await engine.listTenants();
    if (options.json) {
      io.stdout(
        formatJson(
          toSnakeCase(tenants.map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() }))),
        ),
      );
      return EXIT.ok;
    }
    const rows = tenants.map((t) => [t.id, t.name, t.catalogVersion, new Date(t.createdAt).toISOString()]);
    io.stdout(`${formatTable(['ID', 'NAME', 'CATALOG VERSION', 'CREATED'], rows)}\n`);
    io.stdout(
      tenants.length === 0
        ? 'no tenants yet\n'
        : 'a new secret key for one: tollgate tenant key --tenant ID\n',
    );
    return EXIT.ok;
  });
}

/** `tollgate tenant create|list|key|rotate-session-secret`. */
export function registerTenant(program: Command, ctx: CommandContext): void {
  const tenant = program
    .command('tenant')
    .description(
      'create and list tenants; mint, list and revoke their secret keys; rotate their session secret',
    );
  tenant
    .command('create')
    .description('create a tenant with its catalog; prints {"id", "secret_key"} (the key is shown once)')
    .requiredOption('--name <name>', "the tenant's display name")
    .requiredOption(
      '--catalog <preset-or-file>',
      'a preset (musicgen, directors-palette) or a catalog YAML file',
    )
    .addOption(dbOption())
    .option('--stripe-secret-key <key>', "this tenant's Stripe secret key (default: STRIPE_SECRET_KEY)")
    .option(
      '--stripe-webhook-secret <secret>',
      "this tenant's Stripe webhook signing secret (default: STRIPE_WEBHOOK_SECRET)",
    )
    .option('--public-slug <slug>', 'publish the catalog at /p/<slug> and GET /v1/public/catalogs/<slug>')
    .option('--signup-url <url>', "where the public page's buy buttons send a visitor to sign up")
    .action(async (options: CreateOptions) => ctx.exit(await create(options, ctx.io)));
  tenant
    .command('list')
    .description('every tenant: id, name, catalog version, created')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (options: { db?: string; json?: boolean }) => ctx.exit(await list(options, ctx.io)));
  registerTenantKeys(tenant, ctx);
}
