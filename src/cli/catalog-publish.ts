/**
 * `tollgate catalog publish <file> --tenant <id> [--db URL] [--json]` (issue 12.2): validates
 * the file exactly as `catalog check` does (every problem by path, exit 1, nothing written)
 * and makes it the tenant's current catalog version, as `PUT /v1/catalog` does.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { listCatalogProblems, loadCatalogText } from '../catalog/load.ts';
import { createEngine } from '../engine/engine.ts';
import { openCliStore } from './database.ts';
import { formatJson, toSnakeCase } from './format.ts';
import { type CliIo, type CommandContext, EXIT } from './io.ts';
import { dbOption, jsonOption } from './options.ts';

interface PublishOptions {
  readonly tenant: string;
  readonly db?: string;
  readonly json?: boolean;
}

function refuse(io: CliIo, file: string, message: string, problems: readonly string[]): number {
  if (problems.length === 0) io.stderr(`tollgate catalog publish: ${message}\n`);
  else
    io.stderr(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.join('\n')}\n`,
    );
  return EXIT.refused;
}

async function publish(file: string, options: PublishOptions, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return refuse(io, file, `cannot read catalog file ${file} (${reason})`, []);
  }
  const loaded = loadCatalogText(text, file);
  if (!loaded.ok) return refuse(io, file, loaded.error.message, listCatalogProblems(loaded.error));
  const store = await openCliStore(options.db, { mustExist: true });
  try {
    const published = await createEngine({ store }).publishCatalog({
      tenantId: options.tenant,
      idempotencyKey: `cli-catalog-publish-${randomUUID()}`,
      catalog: loaded.value,
      catalogSource: text,
      sourceName: file,
    });
    if (!published.ok) {
      const { message, param } = published.error;
      const where = published.error.code === 'not_found' && param === 'tenant' ? '--tenant: ' : '';
      return refuse(io, file, `${where}${message}`, listCatalogProblems(published.error));
    }
    const p = published.value;
    if (options.json) io.stdout(formatJson(toSnakeCase({ object: 'catalog_version', current: true, ...p })));
    else
      io.stdout(
        p.changed
          ? `published: tenant ${options.tenant} now uses catalog version ${p.version} (was ${p.previousVersion}); holds placed before keep their price\n`
          : `unchanged: tenant ${options.tenant} already uses catalog version ${p.version}\n`,
      );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** Adds `publish` to the `catalog` command made by `registerCatalog`. */
export function registerCatalogPublish(program: Command, ctx: CommandContext): void {
  const catalog = program.commands.find((c) => c.name() === 'catalog');
  if (catalog === undefined) throw new Error('registerCatalog must run before registerCatalogPublish');
  catalog
    .command('publish')
    .description("validate a catalog file and make it a tenant's current version (exit 1 when invalid)")
    .argument('<file>', 'a catalog YAML (or JSON) file')
    .requiredOption('--tenant <id>', 'the tenant whose catalog it becomes')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (file: string, options: PublishOptions) => ctx.exit(await publish(file, options, ctx.io)));
}
