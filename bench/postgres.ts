/**
 * PostgreSQL benchmark (issue 4 item 4): authorize+commit pairs per second with p50/p99, run
 * by one engine process and then by two against the same server, next to the raw rate of
 * the single-statement conditional debit (`UPDATE customers SET balance = balance - ? WHERE
 * … AND balance - held >= ?`, autocommit) on the same server in the same run. The engine
 * pays for what the raw statement skips: the customer row lock, lots, holds, journal
 * entries, idempotency record and outbox, in one transaction per call.
 *
 * The server: DATABASE_URL if it is PostgreSQL, else TEST_DATABASE_URL, else the local
 * default. Unreachable → the section says it was skipped and why; the run goes on.
 */
import { performance } from 'node:perf_hooks';
import { loadPreset } from '../src/catalog/load.ts';
import { readConfig } from '../src/config.ts';
import { createEngine } from '../src/engine/engine.ts';
import { createPostgresClient } from '../src/store/postgres/driver.ts';
import { openPostgresStore } from '../src/store/postgres/store.ts';
import { startEngineProcess } from '../test/support/engine-processes.ts';
import type { PairsResult } from '../test/support/run-pairs.ts';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/test';
const TENANT = 'bench';
const CUSTOMERS = 500;
const PAIRS_PER_PROCESS = 2_000;
const IN_FLIGHT_PER_PROCESS = 64;
const POOL_PER_PROCESS = 10;
const RAW_STATEMENTS = 20_000;

interface RunFigures {
  readonly processes: number;
  readonly pairs: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summarize(processes: number, results: readonly PairsResult[]): RunFigures {
  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  const pairs = results.reduce((n, r) => n + r.latenciesMs.length, 0);
  const failures = results.reduce((n, r) => n + r.failures, 0);
  return {
    processes,
    pairs,
    perSecond: pairs / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
  };
}

/** The server to measure, or null with the reason it cannot be reached. */
async function findServer(): Promise<{ url: string } | { url: string; error: string }> {
  const config = readConfig();
  const url = config.databaseUrl.startsWith('postgres')
    ? config.databaseUrl
    : (config.testDatabaseUrl ?? LOCAL_URL);
  const probe = createPostgresClient(url, { max: 1, connectTimeoutSeconds: 3 });
  try {
    await probe.unsafe('SELECT 1');
    return { url };
  } catch (error) {
    return { url, error: (error as Error).message };
  } finally {
    await probe.end({ timeout: 1 });
  }
}

/** Runs the pairs in `processes` engine processes at once; each has its own pool and clients. */
async function measurePairs(
  url: string,
  schema: string,
  processes: number,
  run: number,
): Promise<RunFigures> {
  const workers = await Promise.all(
    Array.from({ length: processes }, () => startEngineProcess(url, schema, POOL_PER_PROCESS)),
  );
  try {
    const results = await Promise.all(
      workers.map((w, i) =>
        w.call('pairs', {
          tenantId: TENANT,
          modelId: 'musicgen',
          params: { duration: 10 },
          customers: CUSTOMERS,
          pairs: PAIRS_PER_PROCESS,
          inFlight: IN_FLIGHT_PER_PROCESS,
          keyPrefix: `r${run}p${i}`,
        }),
      ),
    );
    return summarize(processes, results as PairsResult[]);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** The single-statement conditional debit, autocommit, same concurrency and pool as one engine process. */
async function measureRawDebit(url: string, schema: string): Promise<RunFigures> {
  const sql = createPostgresClient(url, { schema, max: POOL_PER_PROCESS });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < RAW_STATEMENTS) {
      const i = next++;
      const t0 = performance.now();
      const rows = await sql.unsafe(
        'UPDATE customers SET balance = balance - $1 WHERE tenant_id = $2 AND id = $3 AND balance - held >= $1',
        [1, TENANT, `c${(i * 7919) % CUSTOMERS}`],
        { prepare: true },
      );
      if (rows.count !== 1) failures += 1;
      latencies.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT_PER_PROCESS }, worker));
  const elapsedMs = performance.now() - start;
  await sql.end({ timeout: 5 });
  return summarize(1, [{ latenciesMs: latencies, elapsedMs, failures }]);
}

/** Creates the tenant and funds the customers. */
async function seed(url: string, schema: string): Promise<void> {
  const store = await openPostgresStore(url, { schema, max: POOL_PER_PROCESS });
  try {
    const engine = createEngine({ store });
    const catalog = await loadPreset('musicgen');
    if (!catalog.ok) throw new Error(catalog.error.message);
    await engine.saveTenant({ tenantId: TENANT, name: 'Bench', catalog: catalog.value, catalogSource: '' });
    let next = 0;
    const worker = async () => {
      while (next < CUSTOMERS) {
        const i = next++;
        await engine.createCustomer({ tenantId: TENANT, customerId: `c${i}`, idempotencyKey: `create-${i}` });
        await engine.grant({
          tenantId: TENANT,
          customerId: `c${i}`,
          credits: 1_000_000,
          source: 'purchase',
          idempotencyKey: `grant-${i}`,
        });
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  } finally {
    await store.close();
  }
}

async function verifyAndDrop(url: string, schema: string, drop: boolean): Promise<void> {
  const store = await openPostgresStore(url, { schema, max: 2 });
  try {
    if (!drop) {
      const report = await createEngine({ store }).verify();
      if (!report.ok)
        throw new Error(
          `verify failed after the PostgreSQL benchmark: ${report.problems.slice(0, 3).join('; ')}`,
        );
    } else {
      await store.raw.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  } finally {
    await store.close();
  }
}

function formatSection(
  url: string,
  one: RunFigures,
  two: RunFigures,
  raw: RunFigures,
  version: string,
): string[] {
  const row = (label: string, f: RunFigures) =>
    `| ${label} | ${fmt(f.perSecond)} | ${fmt(f.p50Ms, 1)} ms | ${fmt(f.p99Ms, 1)} ms | ${f.failures} |`;
  return [
    '## Engine on PostgreSQL (several processes)',
    '',
    `${version.split(' on ')[0]} at ${new URL(url).host}, same machine. ${fmt(CUSTOMERS)} customers (MusicGen preset, 10 s clip),`,
    `${IN_FLIGHT_PER_PROCESS} operations in flight and a pool of ${POOL_PER_PROCESS} connections per process, ${fmt(PAIRS_PER_PROCESS)} pairs per process.`,
    'Each pair is two engine transactions at READ COMMITTED, each locking the customer row first. `tollgate verify`',
    'passed after the engine runs. The raw line is one autocommit `UPDATE customers SET balance = balance - $1',
    'WHERE tenant_id = $2 AND id = $3 AND balance - held >= $1` per operation, with the same pool and concurrency.',
    'Reading the figures: a pair is about 26 round trips (BEGIN and COMMIT twice, 22 statements), so the pair',
    'rate tracks the raw statement rate divided by that; when the server and the engine processes share a few',
    'cores, a second process only helps if the cores were not already busy.',
    '',
    '| run | per second | p50 | p99 | refused or failed |',
    '| --- | --- | --- | --- | --- |',
    row('authorize+commit pairs, 1 process', one),
    row('authorize+commit pairs, 2 processes', two),
    row('raw conditional debit (1 statement), 1 process', raw),
    '',
  ];
}

/** Runs the PostgreSQL part and answers its section of docs/benchmarks.md (a skip note when unreachable). */
export async function runPostgresBench(): Promise<string[]> {
  const server = await findServer();
  if ('error' in server) {
    const note = `PostgreSQL benchmark skipped: no server reachable at ${server.url} (${server.error}).`;
    process.stderr.write(`${note}\n`);
    return [
      '## Engine on PostgreSQL (several processes)',
      '',
      `${note} Set DATABASE_URL or TEST_DATABASE_URL.`,
      '',
    ];
  }
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    await seed(server.url, schema);
    const one = await measurePairs(server.url, schema, 1, 1);
    const two = await measurePairs(server.url, schema, 2, 2);
    await verifyAndDrop(server.url, schema, false);
    const raw = await measureRawDebit(server.url, schema);
    const probe = createPostgresClient(server.url, { max: 1 });
    const [v] = await probe.unsafe<{ version: string }[]>('SELECT version() AS version');
    await probe.end({ timeout: 1 });
    return formatSection(server.url, one, two, raw, v?.version ?? 'PostgreSQL');
  } finally {
    await verifyAndDrop(server.url, schema, true);
  }
}
