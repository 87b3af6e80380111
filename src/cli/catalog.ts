/**
 * `tollgate catalog check <file>` (validate, list every problem by path, exit 1 when invalid)
 * and `tollgate catalog show <preset-or-file> [--json]` (the price list with provider cost
 * and computed margin, then plans, packs and rewards).
 */
import type { Command } from 'commander';
import { listCatalogProblems, resolveCatalog } from '../catalog/load.ts';
import type { Catalog, Plan } from '../domain/catalog.ts';
import { listModelPrices, type PriceRow, type PriceUnit } from '../domain/pricing.ts';
import { formatCents, formatDollars, formatJson, formatMargin, formatTable, toSnakeCase } from './format.ts';
import { type CliIo, type CommandContext, EXIT } from './io.ts';
import { jsonOption } from './options.ts';

const UNIT_LABELS: Record<PriceUnit, string> = {
  generation: 'generation',
  second: 'second',
  extra_seconds: 'extra block',
  '1k_input_tokens': '1k input tokens',
  '1k_output_tokens': '1k output tokens',
  minimum: 'minimum',
};

function formatPrices(rows: readonly PriceRow[]): string {
  const cells = rows.map((r) => [
    r.modelId,
    r.variant ?? '',
    r.category,
    r.free ? '0 (free)' : String(r.credits),
    UNIT_LABELS[r.unit],
    formatDollars(r.providerCostMicros),
    formatMargin(r.marginPct),
  ]);
  return formatTable(
    ['MODEL', 'VARIANT', 'CATEGORY', 'CREDITS', 'PER', 'PROVIDER COST', 'MARGIN'],
    cells,
    [3, 5, 6],
  );
}

function describeLimits(plan: Plan): string {
  const parts = Object.entries(plan.limits).map(([category, l]) => {
    const day =
      l.perDay === null
        ? ''
        : `${l.perDay}/day${l.burst !== null && l.burst !== l.perDay ? ` (burst ${l.burst})` : ''}`;
    const month = l.perMonth === null ? '' : `${l.perMonth}/month`;
    return `${category} ${[day, month].filter((s) => s !== '').join(', ')}`;
  });
  return parts.join('; ');
}

function formatPlans(plans: readonly Plan[]): string {
  const cells = plans.map((p) => [
    `${p.id}${p.isDefault ? ' *' : ''}`,
    formatCents(p.priceCents),
    `${p.monthlyCredits}${p.dailyCredits > 0 ? ` + ${p.dailyCredits}/day` : ''}`,
    p.freeGenerationsPerMonth === null ? 'unlimited' : String(p.freeGenerationsPerMonth),
    p.entitlements.categories.join(','),
    describeLimits(p),
  ]);
  return formatTable(
    ['PLAN', 'PRICE/MO', 'CREDITS/MO', 'FREE GENS/MO', 'CATEGORIES', 'LIMITS'],
    cells,
    [1, 2, 3],
  );
}

function formatShow(catalog: Catalog): string {
  const sections = [
    `${catalog.name} (${catalog.id}) · version ${catalog.version} · 1 credit = ${formatDollars(catalog.creditValueMicros)}`,
    '',
    formatPrices(listModelPrices(catalog)),
  ];
  if (catalog.plans.length > 0) sections.push('', formatPlans(catalog.plans), '(* default plan)');
  if (catalog.packs.length > 0) {
    const cells = catalog.packs.map((p) => [p.id, String(p.credits), formatCents(p.priceCents)]);
    sections.push('', formatTable(['PACK', 'CREDITS', 'PRICE'], cells, [1, 2]));
  }
  const rewards = Object.values(catalog.rewards).map((r) => `${r.kind} +${r.credits}`);
  if (rewards.length > 0) sections.push('', `rewards: ${rewards.join(', ')}`);
  if (catalog.lowBalanceCredits !== null)
    sections.push(`low balance at ${catalog.lowBalanceCredits} credits`);
  return `${sections.join('\n')}\n`;
}

function showJson(catalog: Catalog): string {
  const { models: _models, ...rest } = catalog;
  const prices = listModelPrices(catalog).map(({ modelId, ...row }) => ({ model: modelId, ...row }));
  return formatJson(toSnakeCase({ ...rest, prices }));
}

async function load(command: string, source: string, io: CliIo): Promise<Catalog | number> {
  const loaded = await resolveCatalog(source);
  if (loaded.ok) return loaded.value;
  const problems = listCatalogProblems(loaded.error);
  if (problems.length === 0) io.stderr(`tollgate catalog ${command}: ${loaded.error.message}\n`);
  else
    io.stderr(
      `${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.join('\n')}\n`,
    );
  return EXIT.refused;
}

async function check(source: string, io: CliIo): Promise<number> {
  const catalog = await load('check', source, io);
  if (typeof catalog === 'number') return catalog;
  const counts = `${catalog.models.length} models, ${catalog.plans.length} plans, ${catalog.packs.length} packs`;
  io.stdout(
    `ok: ${source} is valid — ${catalog.name} (${catalog.id}), version ${catalog.version}, ${counts}\n`,
  );
  return EXIT.ok;
}

async function show(source: string, options: { json?: boolean }, io: CliIo): Promise<number> {
  const catalog = await load('show', source, io);
  if (typeof catalog === 'number') return catalog;
  io.stdout(options.json ? showJson(catalog) : formatShow(catalog));
  return EXIT.ok;
}

/** `tollgate catalog check <source>` and `tollgate catalog show <source> [--json]`. */
export function registerCatalog(program: Command, ctx: CommandContext): void {
  const catalog = program
    .command('catalog')
    .description('validate a catalog or show its prices, plans and packs');
  catalog
    .command('check')
    .description('validate a catalog; list every problem by path (exit 1 when invalid)')
    .argument('<preset-or-file>', 'a preset (musicgen, directors-palette) or a catalog YAML file')
    .action(async (source: string) => ctx.exit(await check(source, ctx.io)));
  catalog
    .command('show')
    .description('the price list with provider cost and margin, then plans, packs and rewards')
    .argument('<preset-or-file>', 'a preset (musicgen, directors-palette) or a catalog YAML file')
    .addOption(jsonOption())
    .action(async (source: string, options: { json?: boolean }) =>
      ctx.exit(await show(source, options, ctx.io)),
    );
}
