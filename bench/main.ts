/**
 * `npm run bench [-- --only PART[,PART]] [--json FILE] [--no-docs]`: runs the benchmark parts
 * (bench/parts.ts) one after the other, prints each part's section, writes the figures as JSON
 * (`{ "sqlite": { "pairs_per_s": … }, … }`) and rewrites the parts' sections of
 * docs/benchmarks.md between the bench markers, leaving the rest of that file alone.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { writeBenchSections } from './docs-section.ts';
import type { Figures } from './part.ts';
import { parts } from './parts.ts';

const USAGE = `usage: npm run bench -- [--only ${Object.keys(parts).join('|')}[,…]] [--json FILE] [--no-docs]`;

function readOptions(): { only: string[]; json: string | undefined; docs: boolean } {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      json: { type: 'string' },
      'no-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const only = (values.only ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  const unknown = only.filter((name) => !(name in parts));
  if (unknown.length > 0) throw new Error(`--only: unknown part ${unknown.join(', ')}. ${USAGE}`);
  return { only: only.length > 0 ? only : Object.keys(parts), json: values.json, docs: !values['no-docs'] };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const figures: Record<string, Figures | string> = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
    date: new Date().toISOString(),
  };
  const sections = new Map<string, readonly string[]>();
  for (const name of options.only) {
    const part = parts[name];
    if (part === undefined) continue;
    process.stderr.write(`bench: ${name}…\n`);
    const start = performance.now();
    const result = await part();
    process.stderr.write(`bench: ${name} took ${((performance.now() - start) / 1000).toFixed(0)} s\n`);
    figures[name] = result.figures;
    sections.set(name, result.section);
    process.stdout.write(`${result.section.join('\n')}\n\n`);
  }
  if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
  if (options.docs) writeBenchSections(new URL('../docs/benchmarks.md', import.meta.url).pathname, sections);
}

await main();
