/**
 * The analytics benchmark's generator (issue 14 item 5): customers, their purchased lots with
 * the journal transactions that granted them, usage events with their journal transactions,
 * pack payments and plan moves. The rows have the tables, columns and shapes the engine
 * writes; each lot's remaining credits and its customer's balance are its grant less the
 * customer's usage, as the journal entries sum. Journal digests are left empty.
 *
 * It is a bulk loader, not the engine: on its own connection it drops the seeded tables'
 * secondary indexes but the two keyed by time (the rows reach those in order), streams the
 * rows in (SQLite: one prepared single-row INSERT per row in large transactions, with
 * `synchronous = OFF` on that connection only; PostgreSQL: `COPY ... FROM STDIN`, a group's
 * tables side by side), then builds the dropped indexes again from their own definitions: one
 * sort each instead of millions of random B-tree inserts. Primary keys and unique indexes stay
 * or are rebuilt, so a duplicate would still fail the seed. The routes then read exactly the
 * schema a running store has.
 *
 * Usage events are written in time order, as a running store writes them, over the 400 days
 * before `now`, busier towards `now` (an app that grows); each event's customer is one that
 * existed at its time.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type { SqlValue } from '../src/store/driver.ts';
import { createPostgresClient } from '../src/store/postgres/driver.ts';

export interface SeedSize {
  readonly customers: number;
  readonly events: number;
}

/** Where to load: a SQLite file (already migrated) or a PostgreSQL schema (already migrated). */
export type SeedTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly schema: string };

const DAY = 86_400_000;
const SPAN_DAYS = 400;
/** Credits of each customer's one purchased lot. */
const GRANT = 1_000_000;
/** Rows per SQLite transaction: synchronous=OFF makes the commit cheap, so it can be large. */
const SQLITE_ROWS_PER_TX = 200_000;
/** Lines per chunk handed to a COPY stream. */
const COPY_LINES_PER_CHUNK = 2_000;

/**
 * Secondary indexes left in place during the load: keyed by time, and the rows arrive in time
 * order, so each insert appends at the index's end (cheaper than sorting them afterwards).
 */
const KEPT_INDEXES = ['usage_events_time', 'journal_transactions_time'];

const SEEDED_TABLES = [
  'customers',
  'lots',
  'journal_transactions',
  'journal_entries',
  'usage_events',
  'payment_amounts',
  'plan_changes',
] as const;

/** A small deterministic generator (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SeedModels {
  readonly models: readonly { id: string; category: string; credits: number; costMicros: number }[];
  readonly plans: readonly string[];
  readonly packs: readonly { id: string; priceCents: number; credits: number }[];
}

/** One table's rows: `row(i)` for i in [0, count). */
interface TableRows {
  readonly table: (typeof SEEDED_TABLES)[number];
  readonly columns: readonly string[];
  readonly count: number;
  readonly row: (i: number) => SqlValue[];
}

/** Every row the seed writes, as tables of generated rows (nothing materialised but the events' keys). */
function generate(tenantId: string, size: SeedSize, catalog: SeedModels, now: number): TableRows[][] {
  const rnd = random(14);
  const origin = now - SPAN_DAYS * DAY;
  const customerSpan = (SPAN_DAYS - 30) * DAY;
  const createdAt = (i: number) => origin + Math.floor((i / size.customers) * customerSpan);
  const plan = (i: number) => catalog.plans[i % 10 === 0 ? 1 % catalog.plans.length : 0] as string;
  const payers = Math.floor(size.customers / 10);
  const pack = catalog.packs[0];

  // Usage events: times drawn busier towards `now` (density rising linearly), sorted, so ids
  // and row order follow time as in a running store; then a model and an existing customer each.
  const at = new Float64Array(size.events);
  for (let i = 0; i < size.events; i++)
    at[i] = now - 1 - Math.floor((1 - Math.sqrt(rnd())) * SPAN_DAYS * DAY * 0.999);
  at.sort();
  const customer = new Int32Array(size.events);
  const model = new Uint16Array(size.events);
  for (let i = 0; i < size.events; i++) {
    const t = at[i] as number;
    const existing = Math.min(size.customers, Math.floor(((t - origin) / customerSpan) * size.customers) + 1);
    customer[i] = Math.floor(rnd() * existing);
    model[i] = Math.floor(rnd() * catalog.models.length);
  }
  const ev = (i: number) => String(i).padStart(8, '0');
  const m = (i: number) => catalog.models[model[i] as number] ?? catalog.models[0];
  // Each customer's lot and balance are its grant less its usage, as the journal says.
  const spent = new Float64Array(size.customers);
  for (let i = 0; i < size.events; i++) {
    const c = customer[i] as number;
    spent[c] = (spent[c] as number) + (m(i)?.credits ?? 1);
  }
  const left = (c: number) => GRANT - (spent[c] as number);

  const customers: TableRows = {
    table: 'customers',
    columns: [
      'tenant_id',
      'id',
      'plan_id',
      'email',
      'referral_code',
      'flagged',
      'overdraft_limit',
      'balance',
      'held',
      'period_start',
      'period_end',
      'created_at',
    ],
    count: size.customers,
    row: (i) => [
      tenantId,
      `c${i}`,
      plan(i),
      `user${i}@example.com`,
      `r${i}`,
      i % 97 === 0 ? 1 : 0,
      0,
      left(i),
      0,
      now - 10 * DAY,
      now + 20 * DAY,
      createdAt(i),
    ],
  };
  // One purchased lot per customer, granted by a journal transaction.
  const lots: TableRows = {
    table: 'lots',
    columns: [
      'tenant_id',
      'id',
      'customer_id',
      'source',
      'amount',
      'remaining',
      'priority',
      'expires_at',
      'cost_basis_micros',
      'reason',
      'ref',
      'created_at',
    ],
    count: size.customers,
    row: (i) => [
      tenantId,
      `l${i}`,
      `c${i}`,
      'purchase',
      GRANT,
      left(i),
      100,
      null,
      5_000_000,
      null,
      `pi_${i}`,
      createdAt(i),
    ],
  };
  const payments: TableRows = {
    table: 'payment_amounts',
    columns: [
      'tenant_id',
      'event_id',
      'customer_id',
      'payment_ref',
      'kind',
      'item',
      'amount_cents',
      'occurred_at',
    ],
    count: pack === undefined ? 0 : payers,
    row: (i) => [
      tenantId,
      `evt_${i}`,
      `c${i * 10}`,
      `pi_${i * 10}`,
      'pack',
      pack?.id ?? '',
      pack?.priceCents ?? 0,
      createdAt(i * 10) + DAY,
    ],
  };
  const moves: TableRows = {
    table: 'plan_changes',
    columns: ['tenant_id', 'customer_id', 'changed_at', 'from_plan', 'to_plan'],
    count: catalog.plans.length > 1 ? payers : 0,
    row: (i) => [
      tenantId,
      `c${i * 10}`,
      createdAt(i * 10) + 2 * DAY,
      catalog.plans[0] as string,
      catalog.plans[1] as string,
    ],
  };
  const usage: TableRows = {
    table: 'usage_events',
    columns: [
      'tenant_id',
      'id',
      'customer_id',
      'charge_id',
      'model_id',
      'category',
      'units',
      'credits',
      'provider_cost_micros',
      'created_at',
    ],
    count: size.events,
    row: (i) => [
      tenantId,
      `u${ev(i)}`,
      `c${customer[i]}`,
      `ch${ev(i)}`,
      m(i)?.id ?? '',
      m(i)?.category ?? '',
      '{}',
      m(i)?.credits ?? 1,
      m(i)?.costMicros ?? 0,
      at[i] as number,
    ],
  };
  // The journal: each customer's grant (created with the customer), then each event's usage
  // transaction; two entries each, balanced.
  const grants = size.customers;
  const transactions: TableRows = {
    table: 'journal_transactions',
    columns: ['tenant_id', 'id', 'kind', 'customer_id', 'ref', 'created_at', 'digest'],
    count: grants + size.events,
    row: (k) => {
      if (k < grants) return [tenantId, `g${k}`, 'grant', `c${k}`, `pi_${k}`, createdAt(k), ''];
      const i = k - grants;
      return [tenantId, `t${ev(i)}`, 'usage', `c${customer[i]}`, `ch${ev(i)}`, at[i] as number, ''];
    },
  };
  const entries: TableRows = {
    table: 'journal_entries',
    columns: ['tenant_id', 'tx_id', 'seq', 'account', 'customer_id', 'lot_id', 'amount'],
    count: (grants + size.events) * 2,
    row: (k) => {
      const j = k >> 1;
      if (j < grants)
        return k % 2 === 0
          ? [tenantId, `g${j}`, 0, 'issued:purchase', null, null, -GRANT]
          : [tenantId, `g${j}`, 1, `customer:c${j}:lot:l${j}`, `c${j}`, `l${j}`, GRANT];
      const i = j - grants;
      const c = customer[i] as number;
      const credits = m(i)?.credits ?? 1;
      return k % 2 === 0
        ? [tenantId, `t${ev(i)}`, 0, `customer:c${c}:lot:l${c}`, `c${c}`, `l${c}`, -credits]
        : [tenantId, `t${ev(i)}`, 1, 'usage', null, null, credits];
    },
  };
  // Loaded in three groups, each group's tables side by side where the database allows.
  return [
    [customers, lots, payments, moves],
    [usage, transactions, entries],
  ];
}

/** Writes the benchmark's rows for `tenantId`; answers the seconds it took. */
export async function seedAnalytics(
  target: SeedTarget,
  tenantId: string,
  size: SeedSize,
  catalog: SeedModels,
  now: number,
  log: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  const phase = (what: string) => log(`${what} (${Math.round((Date.now() - started) / 100) / 10} s)`);
  const groups = generate(tenantId, size, catalog, now);
  phase('event times generated');
  if (target.dialect === 'sqlite') await seedSqlite(target.path, groups, phase);
  else await seedPostgres(target.url, target.schema, groups, phase);
  return (Date.now() - started) / 1000;
}

async function seedSqlite(path: string, groups: TableRows[][], phase: (what: string) => void) {
  const db = new Database(path);
  try {
    // This connection only: no fsync (a crash mid-seed loses a throwaway bench database, which
    // the bench deletes anyway), a 1 GB page cache and in-memory sorts for the index builds.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1000000');
    db.pragma('temp_store = MEMORY');
    db.pragma('wal_autocheckpoint = 100000');
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${SEEDED_TABLES.map(() => '?').join(', ')})`,
      )
      .all(...SEEDED_TABLES)
      .filter((i) => !KEPT_INDEXES.includes((i as { name: string }).name)) as { name: string; sql: string }[];
    for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
    phase(`dropped ${indexes.length} secondary indexes`);
    for (const group of groups)
      for (const t of group) {
        const insert = db.prepare(
          `INSERT INTO ${t.table} (${t.columns.join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`,
        );
        const chunk = db.transaction((from: number, to: number) => {
          for (let i = from; i < to; i++) insert.run(t.row(i));
        });
        for (let from = 0; from < t.count; from += SQLITE_ROWS_PER_TX)
          chunk(from, Math.min(t.count, from + SQLITE_ROWS_PER_TX));
        phase(`${t.table}: ${t.count} rows`);
      }
    const took: [string, number][] = [];
    for (const { name, sql } of indexes) {
      const start = Date.now();
      db.exec(sql);
      took.push([name, Date.now() - start]);
    }
    phase(`rebuilt ${indexes.length} secondary indexes, slowest ${slowest(took)}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** The five slowest index builds, for the log. */
function slowest(took: [string, number][]): string {
  return took
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, ms]) => `${name} ${Math.round(ms / 100) / 10} s`)
    .join(', ');
}

/** A value as COPY's text format writes it (the generated values hold no tab, newline or backslash). */
function copyText(v: SqlValue): string {
  return v === null ? '\\N' : String(v);
}

async function seedPostgres(
  url: string,
  schema: string,
  groups: TableRows[][],
  phase: (what: string) => void,
) {
  const sql = createPostgresClient(url, { schema, max: 4 });
  try {
    // Secondary indexes, not the ones behind a primary key or unique constraint.
    const indexes = await sql
      .unsafe<{ indexname: string; indexdef: string }[]>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = $1 AND i.tablename = ANY($2::text[])
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
           WHERE n.nspname = $1 AND c.conname = i.indexname)`,
        [schema, [...SEEDED_TABLES]],
      )
      .then((rows) => rows.filter((i) => !KEPT_INDEXES.includes(i.indexname)));
    for (const { indexname } of indexes) await sql.unsafe(`DROP INDEX ${indexname}`);
    phase(`dropped ${indexes.length} secondary indexes`);
    const copy = async (t: TableRows) => {
      function* lines() {
        let chunk = '';
        for (let i = 0; i < t.count; i++) {
          chunk += `${t.row(i).map(copyText).join('\t')}\n`;
          if (i % COPY_LINES_PER_CHUNK === COPY_LINES_PER_CHUNK - 1) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk !== '') yield chunk;
      }
      const writable = await sql.unsafe(`COPY ${t.table} (${t.columns.join(', ')}) FROM STDIN`).writable();
      await pipeline(Readable.from(lines()), writable);
      phase(`${t.table}: ${t.count} rows`);
    };
    for (const group of groups) await Promise.all(group.map(copy));
    const took: [string, number][] = [];
    await sql.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL maintenance_work_mem = '1GB'`);
      for (const { indexname, indexdef } of indexes) {
        const start = Date.now();
        await tx.unsafe(indexdef);
        took.push([indexname, Date.now() - start]);
      }
    });
    phase(`rebuilt ${indexes.length} secondary indexes, slowest ${slowest(took)}`);
    // What autovacuum does to freshly inserted tables (PostgreSQL 13 and later): set the
    // visibility map, so index-only scans need no heap fetches, and refresh the statistics.
    await sql.unsafe(`VACUUM (ANALYZE) ${SEEDED_TABLES.join(', ')}`);
    phase('vacuumed and analysed');
  } finally {
    await sql.end({ timeout: 5 });
  }
}
