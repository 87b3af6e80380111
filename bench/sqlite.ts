/**
 * SQLite part (issue 13 item 7): authorize+commit pairs per second in-process with
 * synchronous=FULL, 10,000 customers, 256 operations in flight; one authorize alone (p50);
 * then, on the same database file in the same run, the raw debit rates it is compared with
 * (bench/sqlite-raw.ts). `tollgate verify` must pass after each engine run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPreset } from '../src/catalog/load.ts';
import { createEngine, type Engine } from '../src/engine/engine.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
import { runPairs } from '../test/support/run-pairs.ts';
import { assertVerified, type PartResult } from './part.ts';
import { measureSingleAuthorize } from './single.ts';
import { measureRawDebits, RAW_BATCH } from './sqlite-raw.ts';
import { fmt, latencySummary, pct, round, runPool } from './stats.ts';

export const TENANT = 'bench';
export const CUSTOMERS = 10_000;
export const IN_FLIGHT = 256;
/** Pairs at most, and seconds at most: the run stays short on a busy machine. */
const PAIRS = 30_000;
const PAIRS_SECONDS = 20;
const SINGLE = 300;
const SINGLE_SECONDS = 10;
const RAW_SECONDS = 5;

/** Creates the tenant and funds the customers. */
export async function seed(engine: Engine): Promise<void> {
  const catalog = await loadPreset('musicgen');
  if (!catalog.ok) throw new Error(catalog.error.message);
  await engine.saveTenant({ tenantId: TENANT, name: 'Bench', catalog: catalog.value, catalogSource: '' });
  await runPool(CUSTOMERS, IN_FLIGHT, async (i) => {
    const customerId = `c${i}`;
    await engine.createCustomer({ tenantId: TENANT, customerId, idempotencyKey: `create-${i}` });
    const granted = await engine.grant({
      tenantId: TENANT,
      customerId,
      credits: 1_000_000,
      source: 'purchase',
      idempotencyKey: `grant-${i}`,
    });
    if (!granted.ok) throw new Error(`seed grant refused: ${granted.error.message}`);
  });
}

export async function benchSqlite(): Promise<PartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
  const path = join(dir, 'bench.db');
  try {
    const store = openSqliteStore(path);
    const engine = createEngine({ store });
    await seed(engine);
    const pairs = await runPairs(engine, {
      tenantId: TENANT,
      modelId: 'musicgen',
      params: { duration: 10 },
      customers: CUSTOMERS,
      pairs: PAIRS,
      seconds: PAIRS_SECONDS,
      inFlight: IN_FLIGHT,
      keyPrefix: 'pairs',
    });
    assertVerified('the SQLite pairs', await engine.verify());
    const single = await measureSingleAuthorize(engine, {
      tenantId: TENANT,
      customers: CUSTOMERS,
      count: SINGLE,
      seconds: SINGLE_SECONDS,
      keyPrefix: 'single',
    });
    assertVerified('the SQLite single authorizes', await engine.verify());
    await store.close();
    const batched = measureRawDebits(path, CUSTOMERS, RAW_BATCH, RAW_SECONDS);
    const rawSingle = measureRawDebits(path, CUSTOMERS, 1, RAW_SECONDS);
    const pairsPerSecond = pairs.latenciesMs.length / (pairs.elapsedMs / 1000);
    const latency = latencySummary(pairs.latenciesMs);
    const figures = {
      pairs: pairs.latenciesMs.length,
      pairs_per_s: round(pairsPerSecond),
      pair_p50_ms: round(latency.p50Ms),
      pair_p99_ms: round(latency.p99Ms),
      failures: pairs.failures,
      raw_batched_debits_per_s: round(batched.perSecond),
      raw_single_debits_per_s: round(rawSingle.perSecond),
      single_authorizes: single.count,
      single_authorize_p50_ms: round(single.p50Ms, 3),
      single_authorize_p99_ms: round(single.p99Ms, 3),
      pairs_vs_raw_batched: round(pairsPerSecond / batched.perSecond, 4),
      pairs_vs_raw_single: round(pairsPerSecond / rawSingle.perSecond, 4),
    };
    return { figures, section: formatSection(figures) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatSection(f: Record<string, number>): string[] {
  const v = (key: string) => f[key] ?? Number.NaN;
  return [
    '## Engine on SQLite (in-process, synchronous=FULL)',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.`,
    `${fmt(CUSTOMERS)} customers, ${IN_FLIGHT} operations in flight, ${fmt(v('pairs'))} authorize+commit pairs (MusicGen`,
    'preset, 10 s clip = 2 credits), each use case with its journal entries, idempotency record and outbox rows',
    'in the same transaction; group commit batches concurrent writes in one transaction (one fsync). The raw',
    `rates run on the same database file right after: a debit is one conditional UPDATE plus one INSERT, either`,
    `${RAW_BATCH} per transaction ("batched") or one per transaction ("single"), ${RAW_SECONDS} s each. One authorize alone`,
    `is ${fmt(v('single_authorizes'))} authorizes one after the other (each followed by an untimed commit). \`tollgate verify\``,
    'passed after each engine run.',
    '',
    '| measure | this run | aim (issue 13) |',
    '| --- | --- | --- |',
    `| authorize+commit pairs per second | ${fmt(v('pairs_per_s'))} | |`,
    `| p50 / p99 per pair (${IN_FLIGHT} in flight) | ${fmt(v('pair_p50_ms'), 1)} / ${fmt(v('pair_p99_ms'), 1)} ms | |`,
    `| raw batched debits per second (${RAW_BATCH} per transaction) | ${fmt(v('raw_batched_debits_per_s'))} | |`,
    `| raw single debits per second (1 per transaction) | ${fmt(v('raw_single_debits_per_s'))} | |`,
    `| **pairs / raw batched** | **${pct(v('pairs_vs_raw_batched'))}** | ≥ 25 % |`,
    `| pairs / raw single | ${pct(v('pairs_vs_raw_single'))} | |`,
    `| **one authorize alone, p50** (p99) | **${fmt(v('single_authorize_p50_ms'), 2)} ms** (${fmt(v('single_authorize_p99_ms'), 2)} ms) | < 2 ms |`,
    `| refused or failed pairs | ${v('failures')} | 0 |`,
  ];
}
