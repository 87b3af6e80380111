/**
 * `tollgate quote`: price one generation from a catalog, with provider cost, margin and
 * cheaper alternatives; `--json` prints the same in the API's snake_case words.
 */
import { parseArgs } from 'node:util';
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
import { type CliIo, EXIT } from './io.ts';

const OPTIONS = {
  catalog: { type: 'string' },
  model: { type: 'string' },
  variant: { type: 'string' },
  duration: { type: 'string' },
  count: { type: 'string' },
  prompt: { type: 'string' },
  'input-tokens': { type: 'string' },
  'output-tokens': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type NumberFlag = 'duration' | 'count' | 'input-tokens' | 'output-tokens';

/** Reads a numeric flag; only "is it a number" is checked here, ranges are the pricing's to judge. */
function readNumber(flag: NumberFlag, value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : `--${flag}: must be a number, got ${JSON.stringify(value)}`;
}

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

function readParams(values: Values): GenerationParams | string {
  const params: { -readonly [K in keyof GenerationParams]: GenerationParams[K] } = {};
  const numbers: [NumberFlag, 'duration' | 'count' | 'inputTokens' | 'outputTokens'][] = [
    ['duration', 'duration'],
    ['count', 'count'],
    ['input-tokens', 'inputTokens'],
    ['output-tokens', 'outputTokens'],
  ];
  for (const [flag, key] of numbers) {
    const read = readNumber(flag, values[flag]);
    if (typeof read === 'string') return read;
    if (read !== undefined) params[key] = read;
  }
  if (values.variant !== undefined) params.variant = values.variant;
  if (values.prompt !== undefined) params.prompt = values.prompt;
  return params;
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

/** Runs `tollgate quote ...`; refusals name the flag at fault and exit 1, bad usage exits 2. */
export async function runQuote(args: string[], io: CliIo): Promise<number> {
  let values: Values;
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.stderr(`tollgate quote: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  if (values.catalog === undefined) return usage(io, '--catalog is required (a preset name or a YAML file)');
  if (values.model === undefined) return usage(io, '--model is required');
  const params = readParams(values);
  if (typeof params === 'string') return usage(io, params);
  const loaded = await resolveCatalog(values.catalog);
  if (!loaded.ok) {
    io.stderr(formatRefusal('quote', loaded.error));
    return EXIT.refused;
  }
  const catalog = loaded.value;
  const quote = quoteGeneration(catalog, values.model, params, tokenizerContext);
  if (!quote.ok) {
    io.stderr(formatRefusal('quote', quote.error));
    return EXIT.refused;
  }
  // Refused exactly when the quote is, so never here after a successful quote.
  const listed = listAlternatives(catalog, values.model, params, tokenizerContext);
  const alternatives = listed.ok ? listed.value : [];
  const output = values.json
    ? formatJson(toJson(catalog, quote.value, alternatives))
    : formatQuote(catalog, quote.value, alternatives);
  io.stdout(output);
  return EXIT.ok;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`tollgate quote: ${message}\n`);
  return EXIT.usage;
}
