/**
 * `npm run bench -- --only analytics` (issue 14 item 5): seeds usage events and customers
 * with a bulk loader (bench/analytics-seed.ts) on SQLite and on PostgreSQL, then
 * reports the p50 of each `/v1/analytics/*` route over a 30-day range (by day) and a 365-day
 * range (by month), and of a customer search, through the HTTP app (`inject`).
 * Size: 10,000,000 events and 1,000,000 customers, scaled by `BENCH_ANALYTICS_SCALE` (for
 * example 0.01 while developing). JSON keys: `analytics.<route>_<range>_ms` for SQLite and
 * `analytics.postgres_<route>_<range>_ms` for PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPreset } from '../src/catalog/load.ts';
import { readConfig } from '../src/config.ts';
import { createEngine } from '../src/engine/engine.ts';
import { buildApp } from '../src/http/app.ts';
import { createPostgresClient } from '../src/store/postgres/driver.ts';
import { openPostgresStore } from '../src/store/postgres/store.ts';
import { FIRST_PAYMENTS_BACKFILL_SQL } from '../src/store/sql/analytics-first-payments-schema.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
import type { Store } from '../src/store/store.ts';
import { type SeedModels, type SeedTarget, seedAnalytics } from './analytics-seed.ts';
import type { Figures, PartResult } from './part.ts';
import { findServer } from './postgres-runs.ts';
import { fmt, percentile, round } from './stats.ts';

const TENANT = 'bench-analytics';
const FULL = { customers: 1_000_000, events: 10_000_000 };
const RUNS = 5;
const ROUTES = ['usage', 'credits', 'revenue', 'margins', 'conversion', 'projections'] as const;
const DAY = 86_400_000;
const HEADING = '## Operator analytics (`--only analytics`)';

function readScale(): number {
  const raw = process.env.BENCH_ANALYTICS_SCALE;
  const scale = raw === undefined ? 1 : Number(raw);
  if (!(scale > 0 && scale <= 1)) throw new Error('BENCH_ANALYTICS_SCALE must be in (0, 1]');
  return scale;
}

async function loadModels(): Promise<SeedModels> {
  const catalog = await loadPreset('musicgen');
  if (!catalog.ok) throw new Error(catalog.error.message);
  return {
    models: catalog.value.models.map((m) => ({
      id: m.id,
      category: m.category,
      credits: m.pricing.kind === 'flat' ? m.pricing.credits : 5,
      costMicros: m.pricing.kind === 'flat' ? (m.pricing.providerCostMicros ?? 0) : 40_000,
    })),
    plans: catalog.value.plans.map((p) => p.id),
    packs: catalog.value.packs.map((p) => ({ id: p.id, priceCents: p.priceCents, credits: p.credits })),
  };
}

/** Seeds the store and measures every route; answers `<route>_<range>_ms` figures and the seed time. */
async function measure(
  store: Store,
  target: SeedTarget,
  size: { customers: number; events: number },
  label: string,
) {
  const catalog = await loadPreset('musicgen');
  if (!catalog.ok) throw new Error(catalog.error.message);
  const engine = createEngine({ store });
  await engine.saveTenant({ tenantId: TENANT, name: 'Bench', catalog: catalog.value, catalogSource: '' });
  const key = await engine.createTenantKey(TENANT, 'bench');
  if (!key.ok) throw new Error(key.error.message);
  const now = Date.now();
  const seedSeconds = await seedAnalytics(target, TENANT, size, await loadModels(), now, (line) =>
    process.stderr.write(`bench: analytics ${label} ${line}\n`),
  );
  // The first payments each payment's transaction keeps (migration 223), from the seeded payments.
  for (const statement of FIRST_PAYMENTS_BACKFILL_SQL) await store.raw.run(statement);
  // Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would keep.
  await store.raw.run('ANALYZE');
  // The background fold (issue 14 item 5) over the seeded history, as `tollgate serve` runs it.
  const foldStart = performance.now();
  await engine.foldAnalytics({ tenantId: TENANT, maxSteps: 1000, daysPerStep: 31 });
  const foldSeconds = (performance.now() - foldStart) / 1000;
  process.stderr.write(`bench: analytics ${label} folded in ${round(foldSeconds)} s\n`);
  const app = buildApp({ engine, store, config: readConfig({}) });
  const today = new Date(now).toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(now - n * DAY).toISOString().slice(0, 10);
  const ranges = {
    '30d': `from=${daysAgo(29)}&to=${today}&granularity=day`,
    '365d': `from=${daysAgo(364)}&to=${today}&granularity=month`,
  };
  const figures: Figures = { seed_s: round(seedSeconds), fold_s: round(foldSeconds) };
  const time = async (url: string) => {
    const samples: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const start = performance.now();
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${key.value.secretKey}` },
      });
      if (res.statusCode !== 200)
        throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      if (i > 0) samples.push(performance.now() - start); // the first run warms caches
    }
    return round(
      percentile(
        samples.sort((a, b) => a - b),
        50,
      ),
    );
  };
  for (const route of ROUTES)
    for (const [range, query] of Object.entries(ranges))
      figures[`${route}_${range}_ms`] = await time(`/v1/analytics/${route}?${query}`);
  figures.customer_search_ms = await time('/v1/customers?query=user12345&limit=20');
  await app.close();
  return figures;
}

function table(figures: Figures, prefix: string): string[] {
  return [
    '| Route | 30 days (by day) | 365 days (by month) |',
    '| --- | ---: | ---: |',
    ...ROUTES.map(
      (r) =>
        `| ${r} | ${fmt(figures[`${prefix}${r}_30d_ms`] ?? 0)} ms | ${fmt(figures[`${prefix}${r}_365d_ms`] ?? 0)} ms |`,
    ),
    `| customer search | ${fmt(figures[`${prefix}customer_search_ms`] ?? 0)} ms | |`,
  ];
}

export async function benchAnalytics(): Promise<PartResult> {
  const scale = readScale();
  const size = { customers: Math.round(FULL.customers * scale), events: Math.round(FULL.events * scale) };
  const figures: Figures = { customers: size.customers, events: size.events };
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-analytics-'));
  try {
    const path = join(dir, 'analytics.db');
    const sqlite = openSqliteStore(path);
    try {
      Object.assign(figures, await measure(sqlite, { dialect: 'sqlite', path }, size, 'SQLite'));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const server = await findServer();
  let pgNote = '';
  if (server.error === undefined) {
    const schema = `bench_analytics_${process.pid}`;
    const pg = await openPostgresStore(server.url, { schema, max: 4 });
    try {
      for (const [k, v] of Object.entries(
        await measure(pg, { dialect: 'postgres', url: server.url, schema }, size, 'PostgreSQL'),
      ))
        figures[`postgres_${k}`] = v;
    } finally {
      await pg.close();
      const sql = createPostgresClient(server.url, { max: 1 });
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.end({ timeout: 1 });
    }
  } else pgNote = `PostgreSQL skipped: no server at ${server.url} (${server.error}).`;
  const section = [
    HEADING,
    '',
    `${fmt(size.events)} usage events (with their journal transactions) and ${fmt(size.customers)} customers, bulk-loaded into the migrated schema (bench/analytics-seed.ts) in ${fmt(figures.seed_s ?? 0)} s on SQLite${figures.postgres_seed_s === undefined ? '' : ` and ${fmt(figures.postgres_seed_s)} s on PostgreSQL`}, then folded into the daily rollups in ${fmt(figures.fold_s ?? 0)} s${figures.postgres_fold_s === undefined ? '' : ` and ${fmt(figures.postgres_fold_s)} s`}${scale < 1 ? ` (BENCH_ANALYTICS_SCALE=${scale} of the 10,000,000 / 1,000,000 the issue asks for)` : ''}. p50 of ${RUNS} requests through the HTTP app after one warm-up. The aim is under 100 ms each. The routes read the daily rollups for folded hours and the source tables only for the unfolded rest (the fold's mark is on the last whole hour that ended 15 minutes ago, so at most the last hour and a quarter of events), so answers are exact and neither the 365-day figures nor the time of day change what a route reads much. The first fold of the seeded history folds 31 whole days per transaction (\`daysPerStep\`).`,
    '',
    '### SQLite',
    '',
    ...table(figures, ''),
    '',
    '### PostgreSQL',
    '',
    ...(pgNote === '' ? table(figures, 'postgres_') : [pgNote]),
  ];
  return { figures, section };
}
