/**
 * `tollgate tenant create --name NAME --catalog PRESET-OR-FILE [--db URL]
 * [--stripe-secret-key K] [--stripe-webhook-secret S]`: creates a tenant with its catalog and
 * first secret key, and prints `{"id": ..., "secret_key": ...}` for scripts. The key is shown
 * this once; only its hash is stored.
 */
import { readFile } from 'node:fs/promises';
import { listPresets, loadCatalogText, PRESETS_DIR } from '../catalog/load.ts';
import { readConfig } from '../config.ts';
import { type DomainError, fail, ok, type Result } from '../domain/errors.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { openStore } from '../store/open.ts';
import { type CliIo, EXIT } from './io.ts';

export interface ProvisionInput {
  readonly name: string;
  /** A preset name (`musicgen`) or a catalog file path. */
  readonly catalog: string;
  readonly tenantId?: string;
  readonly stripeSecretKey?: string | null;
  readonly stripeWebhookSecret?: string | null;
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
  const key = await engine.createTenantKey(tenant.value.id);
  return key.ok ? ok({ id: tenant.value.id, secretKey: key.value.secretKey }) : key;
}

const USAGE =
  'usage: tollgate tenant create --name NAME --catalog PRESET-OR-FILE [--db URL] [--stripe-secret-key K] [--stripe-webhook-secret S]\n';
const FLAGS = ['--name', '--catalog', '--db', '--stripe-secret-key', '--stripe-webhook-secret'];

function parseFlags(args: string[]): Map<string, string> | string {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.includes(name)) return `unexpected argument ${JSON.stringify(arg)}`;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') return `${name} needs a value`;
    flags.set(name, value);
  }
  return flags;
}

/** Runs `tenant create`. */
export async function runTenant(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const flags = sub === 'create' ? parseFlags(rest) : `unknown subcommand ${JSON.stringify(sub ?? '')}`;
  if (typeof flags === 'string' || !flags.has('--name') || !flags.has('--catalog')) {
    io.stderr(
      `tollgate tenant: ${typeof flags === 'string' ? flags : '--name and --catalog are required'}\n${USAGE}`,
    );
    return EXIT.usage;
  }
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(flags.get('--db') ?? readConfig().databaseUrl);
  } catch (error) {
    io.stderr(`tollgate tenant: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    const created = await provisionTenant(createEngine({ store }), {
      name: flags.get('--name') as string,
      catalog: flags.get('--catalog') as string,
      stripeSecretKey: flags.get('--stripe-secret-key') ?? null,
      stripeWebhookSecret: flags.get('--stripe-webhook-secret') ?? null,
    });
    if (!created.ok) {
      io.stderr(`tollgate tenant: ${describe(created.error)}\n`);
      return EXIT.refused;
    }
    io.stdout(`${JSON.stringify({ id: created.value.id, secret_key: created.value.secretKey })}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function describe(error: DomainError): string {
  return error.message;
}
