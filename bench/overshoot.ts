/**
 * Overshoot part (issue 17 item 6): `npm run bench -- --only overshoot` hammers one customer
 * with 64 clients (bench/overshoot-run.ts) on SQLite and then on PostgreSQL, reports
 * operations per second and the overshoot (credits spent beyond what was granted), and fails
 * the bench unless the overshoot is exactly 0 on both counts, no balance went negative and
 * `tollgate verify` passed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/engine/engine.ts';
import { createPostgresClient } from '../src/store/postgres/driver.ts';
import { openPostgresStore } from '../src/store/postgres/store.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';
import { CLIENTS, hammerOneCustomer, type OvershootRun, SECONDS, START_CREDITS } from './overshoot-run.ts';
import type { Figures, PartResult } from './part.ts';
import { findServer } from './postgres-runs.ts';
import { fmt, round } from './stats.ts';

const HEADING = '## Zero overshoot: 64 clients on one customer';
const POOL = 16;

/** Throws unless the run overshot by nothing, kept every balance whole and verified. */
function assertNoOvershoot(where: string, run: OvershootRun): void {
  const problems = [
    ...(run.overshootAnswers !== 0 ? [`answers overshoot by ${run.overshootAnswers}`] : []),
    ...(run.overshootJournal !== 0 ? [`journal overshoots by ${run.overshootJournal}`] : []),
    ...(run.finalAvailable < 0 ? [`available ended at ${run.finalAvailable}`] : []),
    ...run.verifyProblems,
  ];
  if (problems.length > 0) throw new Error(`overshoot on ${where}: ${problems.slice(0, 5).join('; ')}`);
}

async function runSqlite(): Promise<OvershootRun> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-overshoot-'));
  const store = openSqliteStore(join(dir, 'overshoot.db'));
  try {
    return await hammerOneCustomer(createEngine({ store }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(url: string): Promise<OvershootRun> {
  const schema = `overshoot_${process.pid}_${Date.now().toString(36)}`;
  const store = await openPostgresStore(url, { schema, max: POOL });
  try {
    return await hammerOneCustomer(createEngine({ store }));
  } finally {
    await store.close();
    const sql = createPostgresClient(url, { max: 1 });
    await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.end({ timeout: 1 });
  }
}

function figuresOf(prefix: string, run: OvershootRun): Figures {
  return {
    [`${prefix}_ops_per_s`]: round(run.opsPerSecond),
    [`${prefix}_operations`]: run.operations,
    [`${prefix}_refused`]: run.refused,
    [`${prefix}_overshoot`]: Math.max(run.overshootAnswers, run.overshootJournal),
    [`${prefix}_charged`]: run.charged,
    [`${prefix}_refunded`]: run.refunded,
    [`${prefix}_granted`]: run.granted,
  };
}

function row(name: string, run: OvershootRun): string {
  const c = run.counts;
  return `| ${name} | ${fmt(run.opsPerSecond)} | ${fmt(run.operations)} (${fmt(c.holds)} holds, ${fmt(c.captures)} partial captures, ${fmt(c.commits)} commits, ${fmt(c.voids)} voids, ${fmt(c.charges)} charges, ${fmt(c.refunds)} refunds, ${fmt(c.grants)} grants) | ${fmt(run.refused)} | ${fmt(run.granted)} | ${fmt(run.charged)} − ${fmt(run.refunded)} | **${Math.max(run.overshootAnswers, run.overshootJournal)}** | ${run.finalAvailable} | passed |`;
}

export async function benchOvershoot(): Promise<PartResult> {
  const sqlite = await runSqlite();
  assertNoOvershoot('SQLite', sqlite);
  const server = await findServer();
  const postgres = server.error === undefined ? await runPostgres(server.url) : null;
  if (postgres !== null) assertNoOvershoot('PostgreSQL', postgres);
  const figures: Figures = {
    ...figuresOf('sqlite', sqlite),
    ...(postgres ? figuresOf('postgres', postgres) : {}),
  };
  const section = [
    HEADING,
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version} (a machine shared with other work: ops/s swing between runs, the overshoot must not). ${CLIENTS} clients hammer ONE MusicGen customer for ${SECONDS} s per database, each looping over a seeded mix: a hold (then a commit, a commit reporting more usage than held, a void, or one or two partial captures of a stream followed by a commit or a void of the rest), an instant charge, a refund (1 credit or the rest) of an earlier charge, or now and then a 10-credit top-up grant. The customer starts with ${START_CREDITS} purchased credits plus the welcome and daily rewards, so it runs dry within a second and every later operation races at the edge of the balance, which the refunds and top-ups keep moving. Overshoot = credits spent beyond what was granted, counted twice — from the answers the clients got (Σ charged − Σ refunded − granted) and from the journal (\`usage\` + \`refunded\` against \`issued:*\`) — and must be exactly 0, with \`tollgate verify\` passing, or the bench fails. Every operation on one customer serializes on that customer (SQLite's one writer; PostgreSQL's lock on the customer's row), so ops/s here is the one-customer ceiling, not the engine's throughput over many customers (the parts above).`,
    '',
    '| database | ops/s | operations | refused (no credits, nothing to refund) | granted in all | charged − refunded | overshoot | available at the end | verify |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    row('SQLite (one process, `synchronous=FULL`)', sqlite),
    postgres === null
      ? `| PostgreSQL | skipped: no server at ${server.url} (${server.error}) | | | | | | | |`
      : row(`${server.version ?? 'PostgreSQL'} (one process, pool ${POOL})`, postgres),
    '',
    '**Peers.** We found no published overshoot figure under concurrency from any of the open-source credit and billing systems we compare with (LiteLLM, Lago, OpenMeter, Polar, Autumn), so there is no number to set beside these zeros. LiteLLM\'s own tracker describes the overshoot without measuring it: concurrent requests can pass `max_budget_per_session` before spend is recorded, exceeding it "by a multiple of request concurrency" ([BerriAI/litellm#34732](https://github.com/BerriAI/litellm/issues/34732)), and key budgets are checked after the request completes, so a concurrent burst can exceed them ([BerriAI/litellm#26672](https://github.com/BerriAI/litellm/issues/26672)).',
  ];
  return { figures, section };
}
