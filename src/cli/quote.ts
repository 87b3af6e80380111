/**
 * `tollgate quote`: price one generation from a catalog, with provider cost, margin and
 * cheaper alternatives; `--json` prints the same in the API's snake_case words.
 */
import type { Command } from 'commander';
import { resolveCatalog } from '../catalog/load.ts';
import type { Catalog } from '../domain/catalog.ts';
import {
  type Alternative,
  type GenerationParams,
  listAlternatives,
  type Quote,
  quoteGeneration,
} from '../domain/pricing.ts';
import { tokenizerContext } from '../tokenizer.ts';
import {
  formatDollars,
  formatJson,
  formatMargin,
  formatRefusal,
  formatTable,
  toSnakeCase,
} from './format.ts';
import { type CliIo, type CommandContext, EXIT } from './io.ts';
import { jsonOption, parseNumber } from './options.ts';

/** The options commander hands the action (numbers already parsed). */
interface QuoteOptions {
  readonly catalog: string;
  readonly model: string;
  readonly variant?: string;
  readonly duration?: number;
  readonly count?: number;
  readonly prompt?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly json?: boolean;
}

function readParams(options: QuoteOptions): GenerationParams {
  const { variant, duration, count, prompt, inputTokens, outputTokens } = options;
  const params = { variant, duration, count, prompt, inputTokens, outputTokens };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as GenerationParams;
}

function describeUnits(quote: Quote): string {
  const u = quote.units;
  const parts = [
    u.variant === undefined ? undefined : `variant ${u.variant}`,
    u.seconds === undefined ? undefined : `${u.seconds} s`,
    u.inputTokens === undefined ? undefined : `${u.inputTokens} input tokens`,
    u.outputTokens === undefined ? undefined : `${u.outputTokens} output tokens`,
    quote.count === 1 ? undefined : `× ${quote.count}`,
  ];
  return parts.filter((p) => p !== undefined).join(', ');
}

function formatQuote(catalog: Catalog, quote: Quote, alternatives: readonly Alternative[]): string {
  const units = describeUnits(quote);
  const lines = [
    `${quote.modelName} (${quote.modelId}) · ${quote.category}${units === '' ? '' : ` · ${units}`}`,
    `  credits        ${quote.credits}${quote.free ? ' (free model)' : ''}`,
    `  provider cost  ${formatDollars(quote.providerCostMicros)}`,
    `  margin         ${formatMargin(quote.marginPct)}`,
    `  catalog        ${catalog.id} @ ${catalog.version}`,
  ];
  if (alternatives.length > 0) {
    const rows = alternatives.map((a) => [
      a.modelId,
      String(a.credits),
      String(a.creditsSaved),
      a.pricedOn === 'same_params' ? '' : 'its cheapest option',
    ]);
    lines.push(
      '',
      `cheaper ${quote.category} models:`,
      formatTable(['MODEL', 'CREDITS', 'SAVES', ''], rows, [1, 2]),
    );
  }
  return `${lines.join('\n')}\n`;
}

function toJson(catalog: Catalog, quote: Quote, alternatives: readonly Alternative[]) {
  const { modelId, modelName, catalogVersion, ...rest } = quote;
  return toSnakeCase({
    catalog: catalog.id,
    catalogVersion,
    model: modelId,
    modelName,
    ...rest,
    alternatives: alternatives.map((a) => ({
      model: a.modelId,
      modelName: a.modelName,
      credits: a.credits,
      creditsSaved: a.creditsSaved,
      free: a.free,
      pricedOn: a.pricedOn,
    })),
  });
}

/** Prices one generation; refusals name the flag at fault and exit 1. */
async function quote(options: QuoteOptions, io: CliIo): Promise<number> {
  const loaded = await resolveCatalog(options.catalog);
  if (!loaded.ok) {
    io.stderr(formatRefusal('quote', loaded.error));
    return EXIT.refused;
  }
  const catalog = loaded.value;
  const params = readParams(options);
  const quoted = quoteGeneration(catalog, options.model, params, tokenizerContext);
  if (!quoted.ok) {
    io.stderr(formatRefusal('quote', quoted.error));
    return EXIT.refused;
  }
  // Refused exactly when the quote is, so never here after a successful quote.
  const listed = listAlternatives(catalog, options.model, params, tokenizerContext);
  const alternatives = listed.ok ? listed.value : [];
  const output = options.json
    ? formatJson(toJson(catalog, quoted.value, alternatives))
    : formatQuote(catalog, quoted.value, alternatives);
  io.stdout(output);
  return EXIT.ok;
}

/** `tollgate quote --catalog C --model M [params] [--json]`. */
export function registerQuote(program: Command, ctx: CommandContext): void {
  program
    .command('quote')
    .description('price one generation: credits, provider cost, margin and cheaper models')
    .requiredOption(
      '--catalog <preset-or-file>',
      'a preset (musicgen, directors-palette) or a catalog YAML file',
    )
    .requiredOption('--model <id>', 'the model to price')
    .option('--variant <name>', 'the model variant (image size, video quality...)')
    .option('--duration <seconds>', 'clip or video length in seconds', parseNumber)
    .option('--count <n>', 'how many outputs (images, clips)', parseNumber)
    .option('--prompt <text>', 'the prompt, to count input tokens of a text model')
    .option('--input-tokens <n>', 'input tokens of a text model (instead of --prompt)', parseNumber)
    .option('--output-tokens <n>', 'output tokens of a text model', parseNumber)
    .addOption(jsonOption())
    .addHelpText('after', '\nexample:\n  tollgate quote --catalog musicgen --model musicgen --duration 7\n')
    .action(async (options: QuoteOptions) => ctx.exit(await quote(options, ctx.io)));
}
