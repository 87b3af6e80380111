/**
 * Issue 11 item 6: the cost of an authorize must not grow with a customer's history. One
 * customer carries HOLDS active holds and LOTS open lots; another has nothing but the
 * credits it spends. Each is authorized (and voided) one call at a time, alternating, and
 * the median authorize of each is compared. On PostgreSQL a second tenant is measured while
 * the loaded customer is being authorized from other connections, to show other tenants are
 * unaffected. `tollgate verify` must pass after each run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPreset } from '../src/catalog/load.ts';
import { createEngine, type Engine } from '../src/engine/engine.ts';
import { openPostgresStore } from '../src/store/postgres/store.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
import type { Store } from '../src/store/store.ts';
import { assertVerified, type BenchPart, type Figures } from './part.ts';
import { findServer } from './postgres-runs.ts';
import { round } from './stats.ts';

const HOLDS = 10_000;
const LOTS = 10_000;
const SAMPLES = 300;
const TENANT = 'history';

export interface HistoryFigures {
  readonly emptyP50Ms: number;
  readonly loadedP50Ms: number;
  readonly ratio: number;
  /** PostgreSQL only: another tenant's authorize p50 while the loaded customer is busy. */
  readonly otherTenantP50Ms?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function inParallel(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function seedTenant(engine: Engine, tenantId: string): Promise<void> {
  const catalog = await loadPreset('musicgen');
  if (!catalog.ok) throw new Error(catalog.error.message);
  const big = { ...catalog.value, maxActiveHolds: HOLDS + SAMPLES + 10 };
  must(await engine.saveTenant({ tenantId, name: tenantId, catalog: big, catalogSource: '' }));
  for (const id of ['empty', 'loaded']) {
    must(await engine.createCustomer({ tenantId, customerId: id, idempotencyKey: `c-${id}` }));
  }
  must(
    await engine.grant({
      tenantId,
      customerId: 'empty',
      credits: 1_000_000,
      source: 'purchase',
      idempotencyKey: 'g-empty',
    }),
  );
}

/** 10,000 lots (each expiring at its own time, so none is the first) and 10,000 active holds. */
async function loadHistory(engine: Engine, tenantId: string): Promise<void> {
  const year = Date.now() + 365 * 86_400_000;
  await inParallel(LOTS, 64, async (i) => {
    must(
      await engine.grant({
        tenantId,
        customerId: 'loaded',
        credits: 1_000,
        source: 'purchase',
        expiresAt: year + i * 1000,
        idempotencyKey: `lot-${i}`,
      }),
    );
  });
  await inParallel(HOLDS, 64, async (i) => {
    must(
      await engine.authorize({
        tenantId,
        customerId: 'loaded',
        modelId: 'musicgen',
        params: { duration: 5 },
        ttlSeconds: 86_400,
        idempotencyKey: `hold-${i}`,
      }),
    );
  });
}

async function timeAuthorize(
  engine: Engine,
  tenantId: string,
  customerId: string,
  i: number,
): Promise<number> {
  const t0 = performance.now();
  const hold = must(
    await engine.authorize({
      tenantId,
      customerId,
      modelId: 'musicgen',
      params: { duration: 10 },
      idempotencyKey: `t-${customerId}-${i}`,
    }),
  );
  const ms = performance.now() - t0;
  must(await engine.void({ tenantId, holdId: hold.hold.id, idempotencyKey: `v-${customerId}-${i}` }));
  return ms;
}

async function measure(store: Store, otherTenant: boolean): Promise<HistoryFigures> {
  const engine = createEngine({ store });
  await seedTenant(engine, TENANT);
  await loadHistory(engine, TENANT);
  // PostgreSQL's autovacuum visits a table after this many inserts; measure the steady state it
  // leaves (visibility map set, statistics fresh), not the minute right after a bulk load.
  if (store.dialect === 'postgres') await store.raw.run('VACUUM (ANALYZE) holds, lots, customers');
  const empty: number[] = [];
  const loaded: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    empty.push(await timeAuthorize(engine, TENANT, 'empty', i));
    loaded.push(await timeAuthorize(engine, TENANT, 'loaded', i));
  }
  let otherTenantP50Ms: number | undefined;
  if (otherTenant) {
    await seedTenant(engine, `${TENANT}-other`);
    let busy = true;
    const noise = (async () => {
      for (let i = 0; busy; i += 1) await timeAuthorize(engine, TENANT, 'loaded', SAMPLES + i);
    })();
    const other: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1)
      other.push(await timeAuthorize(engine, `${TENANT}-other`, 'empty', i));
    busy = false;
    await noise;
    otherTenantP50Ms = median(other);
  }
  assertVerified('the history bench', await engine.verify());
  const emptyP50Ms = median(empty);
  const loadedP50Ms = median(loaded);
  return {
    emptyP50Ms,
    loadedP50Ms,
    ratio: loadedP50Ms / emptyP50Ms,
    ...(otherTenantP50Ms === undefined ? {} : { otherTenantP50Ms }),
  };
}

/** The SQLite run, on a temporary file with synchronous=FULL. */
export async function benchHistorySqlite(): Promise<HistoryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-history-'));
  const store = openSqliteStore(join(dir, 'history.db'));
  try {
    return await measure(store, false);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PostgreSQL run, in a throw-away schema on `url`. */
export async function benchHistoryPostgres(url: string): Promise<HistoryFigures> {
  const schema = `bench_history_${process.pid}_${Date.now().toString(36)}`;
  const store = await openPostgresStore(url, { schema, max: 8 });
  try {
    return await measure(store, true);
  } finally {
    await store.raw.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close();
  }
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** The docs/benchmarks.md lines for both runs. */
export function formatHistory(sqlite: HistoryFigures, postgres: HistoryFigures | null): string[] {
  const row = (name: string, f: HistoryFigures) =>
    `| ${name} | ${fmt(f.emptyP50Ms)} ms | ${fmt(f.loadedP50Ms)} ms | ${fmt(f.ratio)}× | ${f.otherTenantP50Ms === undefined ? '–' : `${fmt(f.otherTenantP50Ms)} ms`} |`;
  return [
    '## Authorize with a long history (issue 11 item 6)',
    '',
    `One customer with ${HOLDS.toLocaleString('en-US')} active holds and ${LOTS.toLocaleString('en-US')} open lots against one with none,`,
    `authorized (then voided) one call at a time, ${SAMPLES} of each, alternating; medians. Aim: within 2×.`,
    '',
    '| database | empty customer | loaded customer | ratio | another tenant, meanwhile |',
    '| --- | --- | --- | --- | --- |',
    row('SQLite', sqlite),
    ...(postgres === null ? [] : [row('PostgreSQL', postgres)]),
    '',
  ];
}

/** The `history` part of `npm run bench`: both databases (PostgreSQL when one is reachable). */
export const benchHistory: BenchPart = async () => {
  const sqlite = await benchHistorySqlite();
  const server = await findServer();
  const postgres = server.error === undefined ? await benchHistoryPostgres(server.url) : null;
  const figures: Figures = {
    sqlite_empty_authorize_p50_ms: round(sqlite.emptyP50Ms),
    sqlite_loaded_authorize_p50_ms: round(sqlite.loadedP50Ms),
    sqlite_loaded_over_empty: round(sqlite.ratio),
  };
  if (postgres !== null) {
    figures.postgres_empty_authorize_p50_ms = round(postgres.emptyP50Ms);
    figures.postgres_loaded_authorize_p50_ms = round(postgres.loadedP50Ms);
    figures.postgres_loaded_over_empty = round(postgres.ratio);
    if (postgres.otherTenantP50Ms !== undefined)
      figures.postgres_other_tenant_authorize_p50_ms = round(postgres.otherTenantP50Ms);
  }
  return { figures, section: formatHistory(sqlite, postgres) };
};
