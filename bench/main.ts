/**
 * `npm run bench`: runs every benchmark part, prints the figures and writes them to
 * docs/benchmarks.md. Each part is one function; the PostgreSQL and HTTP parts add theirs here.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchEngine } from './engine.ts';
import { benchHttp } from './http.ts';
import { runPostgresBench } from './postgres.ts';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  const engine = await benchEngine();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/main.ts); numbers from the last run on the machine named below.',
    'No test asserts a time.',
    '',
    `Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '## Engine on SQLite (in-process, synchronous=FULL)',
    '',
    `${fmt(engine.customers)} customers, ${engine.inFlight} operations in flight, ${fmt(engine.pairs)} authorize+commit pairs`,
    '(MusicGen preset, 10 s clip = 2 credits), each use case with its journal entries, idempotency record and',
    'outbox rows in the same transaction; group commit batches concurrent writes in one transaction (one fsync),',
    'answering every caller only after the COMMIT. A batch runs without savepoints; if one of its operations fails,',
    'the batch is rolled back and re-run with one SAVEPOINT per operation, so the failure is rolled back alone.',
    '`tollgate verify` passed after the run.',
    '',
    '| measure | value |',
    '| --- | --- |',
    `| authorize+commit pairs per second | ${fmt(engine.pairsPerSecond)} |`,
    `| p50 per pair | ${fmt(engine.p50Ms, 1)} ms |`,
    `| p99 per pair | ${fmt(engine.p99Ms, 1)} ms |`,
    `| raw: 1 conditional UPDATE + 1 INSERT per transaction, one fsync each (same file, same run) | ${fmt(engine.rawPerSecond)} per second |`,
    `| refused or failed pairs | ${engine.failures} |`,
    '',
  ];
  lines.push(...(await runPostgresBench()));
  lines.push(...(await benchHttp()));
  const text = lines.join('\n');
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), text);
  process.stdout.write(`${text}\n`);
}

await main();
