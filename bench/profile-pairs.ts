/**
 * CPU profile of the authorize+commit pair loop alone (not the seed), in this process:
 * `node --import tsx bench/profile-pairs.ts sqlite|postgres [seconds] [out.cpuprofile]`
 * Seeds a fresh database like the bench, then profiles `seconds` of pairs with the V8 profiler
 * (the same profile `node --cpu-prof` writes) and prints a summary (bench/profile-summary.ts).
 * Open the file in Chrome DevTools (Performance → Load profile) for the full call tree.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../src/engine/engine.ts';
import { openPostgresStore } from '../src/store/postgres/store.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
import type { Store } from '../src/store/store.ts';
import { runPairs } from '../test/support/run-pairs.ts';
import * as pg from './postgres-runs.ts';
import { formatProfileSummary } from './profile-summary.ts';
import * as lite from './sqlite.ts';

const [target = 'sqlite', secondsArg = '20', out = `pairs-${target}.cpuprofile`] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'tollgate-profile-'));
let store: Store;
let setup: { seed: (engine: Engine) => Promise<void>; customers: number; inFlight: number };
let schema: string | undefined;
if (target === 'sqlite') {
  store = openSqliteStore(join(dir, 'bench.db'));
  setup = { seed: lite.seed, customers: lite.CUSTOMERS, inFlight: lite.IN_FLIGHT };
} else if (target === 'postgres') {
  const server = await pg.findServer();
  if (server.error !== undefined) throw new Error(server.error);
  schema = `profile_${process.pid}`;
  store = await openPostgresStore(server.url, { schema, max: pg.POOL_PER_PROCESS });
  setup = { seed: pg.seed, customers: pg.CUSTOMERS, inFlight: pg.IN_FLIGHT_PER_PROCESS };
} else {
  throw new Error('usage: bench/profile-pairs.ts sqlite|postgres [seconds] [out.cpuprofile]');
}
try {
  const engine = createEngine({ store });
  await setup.seed(engine);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await runPairs(engine, {
    tenantId: 'bench',
    modelId: 'musicgen',
    params: { duration: 10 },
    customers: setup.customers,
    pairs: 1_000_000,
    seconds: Number(secondsArg),
    inFlight: setup.inFlight,
    keyPrefix: 'profile',
  });
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(out, JSON.stringify(profile));
  const pairs = result.latenciesMs.length;
  process.stdout.write(
    `${target}: ${pairs} pairs in ${(result.elapsedMs / 1000).toFixed(1)} s (${((pairs * 1000) / result.elapsedMs).toFixed(0)}/s), ${result.failures} failed; profile in ${out}\n\n`,
  );
  process.stdout.write(`${formatProfileSummary(profile).join('\n')}\n`);
  const report = await engine.verify();
  if (!report.ok) throw new Error(`verify failed: ${report.problems.slice(0, 3).join('; ')}`);
} finally {
  if (schema !== undefined) await store.raw.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
