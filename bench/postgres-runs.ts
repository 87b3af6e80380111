/**
 * The PostgreSQL part's measurements: the server to use, the seed, authorize+commit pairs in
 * one or more engine processes (test/support/engine-worker.ts), the raw single-statement
 * debit, one authorize alone and the wire counts of a pair (bench/postgres-wire.ts).
 */
import { performance } from 'node:perf_hooks';
import { loadPreset } from '../src/catalog/load.ts';
import { readConfig } from '../src/config.ts';
import { createEngine, type Engine } from '../src/engine/engine.ts';
import { createPostgresClient } from '../src/store/postgres/driver.ts';
import { openPostgresStore } from '../src/store/postgres/store.ts';
import { startEngineProcess } from '../test/support/engine-processes.ts';
import type { PairsResult } from '../test/support/run-pairs.ts';
import { assertVerified } from './part.ts';
import { addCounts, diffCounts, emptyCounts, startCountingProxy, type WireCounts } from './postgres-wire.ts';
import { latencySummary, runPool } from './stats.ts';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const TENANT = 'bench';
export const CUSTOMERS = 500;
/** Pairs at most per process, and seconds at most per run: short on a busy machine. */
export const PAIRS_PER_PROCESS = 20_000;
export const PAIRS_SECONDS = 20;
export const IN_FLIGHT_PER_PROCESS = 64;
export const POOL_PER_PROCESS = 10;
export const RAW_STATEMENTS = 100_000;
export const RAW_SECONDS = 10;
export const SINGLE = 300;
export const SINGLE_SECONDS = 10;
export const COUNTED_PAIRS = 100;
/** Pairs run through the proxy before counting, so connections and prepared statements exist. */
const WARM_UP = 20;

export interface RunFigures {
  readonly processes: number;
  readonly count: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

function summarize(processes: number, results: readonly PairsResult[]): RunFigures {
  const latencies = results.flatMap((r) => r.latenciesMs);
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  return {
    processes,
    count: latencies.length,
    perSecond: latencies.length / (elapsedMs / 1000),
    ...latencySummary(latencies),
    failures: results.reduce((n, r) => n + r.failures, 0),
  };
}

/** The server to measure (DATABASE_URL if PostgreSQL, else TEST_DATABASE_URL, else local), or why not. */
export async function findServer(): Promise<{ url: string; version?: string; error?: string }> {
  const config = readConfig();
  const url = config.databaseUrl.startsWith('postgres')
    ? config.databaseUrl
    : (config.testDatabaseUrl ?? LOCAL_URL);
  const probe = createPostgresClient(url, { max: 1, connectTimeoutSeconds: 3 });
  try {
    const [row] = await probe.unsafe<{ version: string }[]>('SELECT version() AS version');
    return { url, version: (row?.version ?? 'PostgreSQL').split(' on ')[0] ?? 'PostgreSQL' };
  } catch (error) {
    return { url, error: (error as Error).message };
  } finally {
    await probe.end({ timeout: 1 });
  }
}

/** Runs `fn` on an engine over the bench schema (through `url`), then `tollgate verify`. */
export async function withEngine<T>(
  url: string,
  schema: string,
  where: string,
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  const store = await openPostgresStore(url, { schema, max: POOL_PER_PROCESS });
  try {
    const engine = createEngine({ store });
    const value = await fn(engine);
    assertVerified(where, await engine.verify());
    return value;
  } finally {
    await store.close();
  }
}

/** Creates the tenant and funds the customers. */
export async function seed(engine: Engine): Promise<void> {
  const catalog = await loadPreset('musicgen');
  if (!catalog.ok) throw new Error(catalog.error.message);
  await engine.saveTenant({ tenantId: TENANT, name: 'Bench', catalog: catalog.value, catalogSource: '' });
  await runPool(CUSTOMERS, 32, async (i) => {
    await engine.createCustomer({ tenantId: TENANT, customerId: `c${i}`, idempotencyKey: `create-${i}` });
    const granted = await engine.grant({
      tenantId: TENANT,
      customerId: `c${i}`,
      credits: 1_000_000,
      source: 'purchase',
      idempotencyKey: `grant-${i}`,
    });
    if (!granted.ok) throw new Error(`seed grant refused: ${granted.error.message}`);
  });
}

/** Runs the pairs in `processes` engine processes at once; each has its own pool. */
export async function measurePairs(url: string, schema: string, processes: number): Promise<RunFigures> {
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
          seconds: PAIRS_SECONDS,
          inFlight: IN_FLIGHT_PER_PROCESS,
          keyPrefix: `r${processes}p${i}`,
        }),
      ),
    );
    return summarize(processes, results as PairsResult[]);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** The single-statement conditional debit, autocommit, same concurrency and pool as one engine process. */
export async function measureRawDebit(url: string, schema: string): Promise<RunFigures> {
  const sql = createPostgresClient(url, { schema, max: POOL_PER_PROCESS });
  const latencies: number[] = [];
  let failures = 0;
  try {
    const seconds = await runPool(
      RAW_STATEMENTS,
      IN_FLIGHT_PER_PROCESS,
      async (i) => {
        const t0 = performance.now();
        const rows = await sql.unsafe(
          'UPDATE customers SET balance = balance - $1 WHERE tenant_id = $2 AND id = $3 AND balance - held >= $1',
          [1, TENANT, `c${(i * 7919) % CUSTOMERS}`],
          { prepare: true },
        );
        if (rows.count !== 1) failures += 1;
        latencies.push(performance.now() - t0);
      },
      RAW_SECONDS,
    );
    return summarize(1, [{ latenciesMs: latencies, elapsedMs: seconds * 1000, failures }]);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** What one authorize and one commit send (one call in flight, summed over the counted pairs). */
export async function countWire(
  url: string,
  schema: string,
): Promise<{ authorize: WireCounts; commit: WireCounts; pairs: number }> {
  const proxy = await startCountingProxy(url);
  try {
    return await withEngine(proxy.url, schema, 'the counted PostgreSQL pairs', async (engine) => {
      let authorize = emptyCounts();
      let commit = emptyCounts();
      for (let i = 0; i < WARM_UP + COUNTED_PAIRS; i++) {
        const t0 = proxy.counts();
        const hold = await engine.authorize({
          tenantId: TENANT,
          customerId: `c${(i * 7919) % CUSTOMERS}`,
          modelId: 'musicgen',
          params: { duration: 10 },
          idempotencyKey: `wire-a${i}`,
        });
        if (!hold.ok) throw new Error(`counted authorize refused: ${hold.error.message}`);
        const t1 = proxy.counts();
        const receipt = await engine.commit({
          tenantId: TENANT,
          holdId: hold.value.hold.id,
          idempotencyKey: `wire-c${i}`,
        });
        if (!receipt.ok) throw new Error(`counted commit refused: ${receipt.error.message}`);
        if (i < WARM_UP) continue;
        authorize = addCounts(authorize, diffCounts(t0, t1));
        commit = addCounts(commit, diffCounts(t1, proxy.counts()));
      }
      return { authorize, commit, pairs: COUNTED_PAIRS };
    });
  } finally {
    await proxy.close();
  }
}
