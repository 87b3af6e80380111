/**
 * PostgreSQL part (issue 13 items 5 and 7): authorize+commit pairs per second with p50/p99,
 * run by one engine process and then by two against the same server; one authorize alone
 * (p50); the statements and round trips of one authorize and one commit, counted on the wire
 * (bench/postgres-wire.ts); and, last (it writes balances behind the engine's back), the raw
 * single-statement conditional debit on the same server in the same run. `tollgate verify`
 * must pass after each engine run.
 *
 * The server: DATABASE_URL if it is PostgreSQL, else TEST_DATABASE_URL, else the local
 * default. Unreachable → the section says it was skipped and why; the run goes on.
 */
import { createPostgresClient } from '../src/store/postgres/driver.ts';
import type { Figures, PartResult } from './part.ts';
import {
  CUSTOMERS,
  countWire,
  findServer,
  IN_FLIGHT_PER_PROCESS,
  measurePairs,
  measureRawDebit,
  PAIRS_SECONDS,
  POOL_PER_PROCESS,
  RAW_SECONDS,
  type RunFigures,
  SINGLE,
  SINGLE_SECONDS,
  seed,
  TENANT,
  withEngine,
} from './postgres-runs.ts';
import type { WireCounts } from './postgres-wire.ts';
import { measureSingleAuthorize } from './single.ts';
import { fmt, pct, round } from './stats.ts';

const HEADING = '## Engine on PostgreSQL (several processes)';

async function dropSchema(url: string, schema: string): Promise<void> {
  const sql = createPostgresClient(url, { max: 1 });
  try {
    await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function benchPostgres(): Promise<PartResult> {
  const server = await findServer();
  if (server.error !== undefined) {
    const note = `PostgreSQL benchmark skipped: no server reachable at ${server.url} (${server.error}).`;
    process.stderr.write(`${note}\n`);
    return { figures: {}, section: [HEADING, '', `${note} Set DATABASE_URL or TEST_DATABASE_URL.`] };
  }
  const { url } = server;
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    await withEngine(url, schema, 'the PostgreSQL seed', seed);
    const one = await measurePairs(url, schema, 1);
    await withEngine(url, schema, 'the 1-process PostgreSQL pairs', async () => undefined);
    const two = await measurePairs(url, schema, 2);
    await withEngine(url, schema, 'the 2-process PostgreSQL pairs', async () => undefined);
    const single = await withEngine(url, schema, 'the PostgreSQL single authorizes', (engine) =>
      measureSingleAuthorize(engine, {
        tenantId: TENANT,
        customers: CUSTOMERS,
        count: SINGLE,
        seconds: SINGLE_SECONDS,
        keyPrefix: 'single',
      }),
    );
    const wire = await countWire(url, schema);
    const raw = await measureRawDebit(url, schema);
    const n = wire.pairs;
    const figures: Figures = {
      pairs_per_s_1: round(one.perSecond),
      pair_p50_ms_1: round(one.p50Ms),
      pair_p99_ms_1: round(one.p99Ms),
      pairs_per_s_2: round(two.perSecond),
      pair_p50_ms_2: round(two.p50Ms),
      pair_p99_ms_2: round(two.p99Ms),
      failures: one.failures + two.failures,
      raw_debits_per_s: round(raw.perSecond),
      raw_p50_ms: round(raw.p50Ms),
      single_authorizes: single.count,
      single_authorize_p50_ms: round(single.p50Ms, 3),
      single_authorize_p99_ms: round(single.p99Ms, 3),
      statements_per_pair: round((wire.authorize.statements + wire.commit.statements) / n),
      round_trips_per_pair: round((wire.authorize.roundTrips + wire.commit.roundTrips) / n),
      statements_per_authorize: round(wire.authorize.statements / n),
      round_trips_per_authorize: round(wire.authorize.roundTrips / n),
      statements_per_commit: round(wire.commit.statements / n),
      round_trips_per_commit: round(wire.commit.roundTrips / n),
      pairs_1_vs_raw: round(one.perSecond / raw.perSecond, 4),
      pairs_2_vs_1: round(two.perSecond / one.perSecond, 4),
    };
    return {
      figures,
      section: formatSection(url, server.version ?? 'PostgreSQL', figures, { one, two, raw }, wire),
    };
  } finally {
    await dropSchema(url, schema);
  }
}

/** Statements per authorize and per commit by label, most frequent first. */
function statementRows(authorize: WireCounts, commit: WireCounts, pairs: number): string[] {
  const labels = [...new Set([...authorize.byLabel.keys(), ...commit.byLabel.keys()])];
  const per = (c: WireCounts, label: string) => (c.byLabel.get(label) ?? 0) / pairs;
  return labels
    .map((label) => ({ label, a: per(authorize, label), c: per(commit, label) }))
    .sort((x, y) => y.a + y.c - (x.a + x.c) || x.label.localeCompare(y.label))
    .map((r) => `| \`${r.label}\` | ${fmt(r.a, 2)} | ${fmt(r.c, 2)} |`);
}

function formatSection(
  url: string,
  version: string,
  f: Figures,
  runs: { one: RunFigures; two: RunFigures; raw: RunFigures },
  wire: { authorize: WireCounts; commit: WireCounts; pairs: number },
): string[] {
  const v = (key: string) => f[key] ?? Number.NaN;
  const row = (label: string, r: RunFigures) =>
    `| ${label} | ${fmt(r.count)} | ${fmt(r.perSecond)} | ${fmt(r.p50Ms, 1)} ms | ${fmt(r.p99Ms, 1)} ms | ${r.failures} |`;
  return [
    HEADING,
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${version} at ${new URL(url).host}, same machine.`,
    `${fmt(CUSTOMERS)} customers (MusicGen preset, 10 s clip), ${IN_FLIGHT_PER_PROCESS} operations in flight and a pool of`,
    `${POOL_PER_PROCESS} connections per process, ${PAIRS_SECONDS} s per run. The raw line is one autocommit`,
    '`UPDATE customers SET balance = balance - $1 WHERE tenant_id = $2 AND id = $3 AND balance - held >= $1`',
    `per operation, with the same pool and concurrency, ${RAW_SECONDS} s. One authorize alone is ${fmt(v('single_authorizes'))} authorizes`,
    'one after the other (each followed by an untimed commit). `tollgate verify` passed after each engine run.',
    '',
    '| run | operations | per second | p50 | p99 | refused or failed |',
    '| --- | --- | --- | --- | --- | --- |',
    row('authorize+commit pairs, 1 process', runs.one),
    row('authorize+commit pairs, 2 processes', runs.two),
    row('raw conditional debit (1 statement), 1 process', runs.raw),
    '',
    '| measure | this run | aim (issue 13) |',
    '| --- | --- | --- |',
    `| **pairs (1 process) / raw debits** | **${pct(v('pairs_1_vs_raw'))}** | ≥ 15 % |`,
    `| **pairs 2 processes / 1 process** | **${fmt(v('pairs_2_vs_1'), 2)} ×** | ≥ 1.5 × |`,
    `| **one authorize alone, p50** (p99) | **${fmt(v('single_authorize_p50_ms'), 2)} ms** (${fmt(v('single_authorize_p99_ms'), 2)} ms) | < 5 ms |`,
    `| round trips per authorize / per commit | ${fmt(v('round_trips_per_authorize'), 2)} / ${fmt(v('round_trips_per_commit'), 2)} | ≤ 4 each |`,
    `| statements per authorize / per commit | ${fmt(v('statements_per_authorize'), 2)} / ${fmt(v('statements_per_commit'), 2)} | |`,
    `| round trips / statements per pair | ${fmt(v('round_trips_per_pair'), 2)} / ${fmt(v('statements_per_pair'), 2)} | |`,
    '',
    `Counted on the wire by a proxy in front of the server (bench/postgres-wire.ts), over ${wire.pairs} pairs`,
    'one at a time after a warm-up: a statement is an Execute or a simple Query message (BEGIN and COMMIT',
    'included); a round trip is a burst of messages sent while nothing sent before on that connection is unanswered, so',
    'pipelined statements share one. Statements per call, by kind:',
    '',
    '| statement | per authorize | per commit |',
    '| --- | --- | --- |',
    ...statementRows(wire.authorize, wire.commit, wire.pairs),
  ];
}
