/**
 * The analytics benchmark's generator (issue 14 item 5): customers, their purchased lots,
 * usage events with their journal transactions, pack payments and plan moves, written straight
 * through the store's SQL driver in multi-row INSERTs (no engine, no per-row transaction), so
 * millions of rows take minutes. Times are spread over the 400 days before `now`. The rows
 * have the shapes the engine writes; balances are not kept consistent (this part only reads).
 */
import type { SqlDriver, SqlValue } from '../src/store/driver.ts';

export interface SeedSize {
  readonly customers: number;
  readonly events: number;
}

const DAY = 86_400_000;
const SPAN_DAYS = 400;
/** Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 400;

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

/** Inserts `count` rows made by `row(i)` into `table`, ROWS_PER_INSERT at a time, in transactions of `perTx`. */
async function insertRows(
  db: SqlDriver,
  table: string,
  columns: readonly string[],
  count: number,
  row: (i: number) => SqlValue[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const full = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(ROWS_PER_INSERT).fill(one).join(', ')}`;
  for (let start = 0; start < count; start += ROWS_PER_INSERT) {
    const n = Math.min(ROWS_PER_INSERT, count - start);
    const params: SqlValue[] = [];
    for (let i = start; i < start + n; i++) params.push(...row(i));
    const sql =
      n === ROWS_PER_INSERT
        ? full
        : `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`;
    // SQLite: one transaction per 20 INSERTs instead of one synchronous commit each.
    const sqlite = db.dialect === 'sqlite';
    if (sqlite && (start / ROWS_PER_INSERT) % 20 === 0) await db.run('BEGIN');
    await db.run(sql, params);
    if (sqlite && ((start / ROWS_PER_INSERT) % 20 === 19 || start + n >= count)) await db.run('COMMIT');
    if (onProgress !== undefined && (start / ROWS_PER_INSERT) % 500 === 0) onProgress(start + n);
  }
}

export interface SeedModels {
  readonly models: readonly { id: string; category: string; credits: number; costMicros: number }[];
  readonly plans: readonly string[];
  readonly packs: readonly { id: string; priceCents: number; credits: number }[];
}

/** Writes the benchmark's rows for `tenantId`; answers the seconds it took. */
export async function seedAnalytics(
  db: SqlDriver,
  tenantId: string,
  size: SeedSize,
  catalog: SeedModels,
  now: number,
  log: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  const rnd = random(14);
  const origin = now - SPAN_DAYS * DAY;
  const createdAt = (i: number) => origin + Math.floor((i / size.customers) * (SPAN_DAYS - 30) * DAY);
  const plan = (i: number) => catalog.plans[i % 10 === 0 ? 1 % catalog.plans.length : 0] as string;
  await insertRows(
    db,
    'customers',
    [
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
    size.customers,
    (i) => [
      tenantId,
      `c${i}`,
      plan(i),
      `user${i}@example.com`,
      `r${i}`,
      i % 97 === 0 ? 1 : 0,
      0,
      1000,
      0,
      now - 10 * DAY,
      now + 20 * DAY,
      createdAt(i),
    ],
  );
  log(`customers: ${size.customers}`);
  // One purchased lot per customer, granted by a journal transaction.
  await insertRows(
    db,
    'lots',
    [
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
    size.customers,
    (i) => [
      tenantId,
      `l${i}`,
      `c${i}`,
      'purchase',
      1_000_000,
      1000,
      100,
      null,
      5_000_000,
      null,
      `pi_${i}`,
      createdAt(i),
    ],
  );
  await insertRows(
    db,
    'journal_transactions',
    ['tenant_id', 'id', 'kind', 'customer_id', 'ref', 'created_at', 'digest'],
    size.customers,
    (i) => [tenantId, `g${i}`, 'grant', `c${i}`, `pi_${i}`, createdAt(i), ''],
  );
  await insertRows(
    db,
    'journal_entries',
    ['tenant_id', 'tx_id', 'seq', 'account', 'customer_id', 'lot_id', 'amount'],
    size.customers * 2,
    (k) => {
      const i = k >> 1;
      return k % 2 === 0
        ? [tenantId, `g${i}`, 0, 'issued:purchase', null, null, -1_000_000]
        : [tenantId, `g${i}`, 1, `customer:c${i}:lot:l${i}`, `c${i}`, `l${i}`, 1_000_000];
    },
  );
  const payers = Math.floor(size.customers / 10);
  const pack = catalog.packs[0];
  if (pack !== undefined) {
    await insertRows(
      db,
      'payment_amounts',
      ['tenant_id', 'event_id', 'customer_id', 'payment_ref', 'kind', 'item', 'amount_cents', 'occurred_at'],
      payers,
      (i) => [
        tenantId,
        `evt_${i}`,
        `c${i * 10}`,
        `pi_${i * 10}`,
        'pack',
        pack.id,
        pack.priceCents,
        createdAt(i * 10) + DAY,
      ],
    );
  }
  if (catalog.plans.length > 1) {
    await insertRows(
      db,
      'plan_changes',
      ['tenant_id', 'customer_id', 'changed_at', 'from_plan', 'to_plan'],
      payers,
      (i) => [
        tenantId,
        `c${i * 10}`,
        createdAt(i * 10) + 2 * DAY,
        catalog.plans[0] as string,
        catalog.plans[1] as string,
      ],
    );
  }
  log('lots, grants, payments and plan moves written');
  // Usage: events spread over the span, most recent days busier, each with its journal transaction.
  const pick = (i: number) => {
    const r = rnd();
    const model = catalog.models[Math.floor(r * catalog.models.length)] ?? catalog.models[0];
    const customer = Math.floor(rnd() * size.customers);
    const at = now - Math.floor(Math.sqrt(rnd()) * SPAN_DAYS * DAY * 0.999) - 1;
    return { model, customer, at: Math.max(at, createdAt(customer)), i };
  };
  const batch = 20_000;
  for (let start = 0; start < size.events; start += batch) {
    const n = Math.min(batch, size.events - start);
    const rows = Array.from({ length: n }, (_, k) => pick(start + k));
    await insertRows(
      db,
      'usage_events',
      [
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
      n,
      (k) => {
        const e = rows[k] as (typeof rows)[number];
        return [
          tenantId,
          `u${e.i}`,
          `c${e.customer}`,
          `ch${e.i}`,
          e.model?.id ?? '',
          e.model?.category ?? '',
          '{}',
          e.model?.credits ?? 1,
          e.model?.costMicros ?? 0,
          e.at,
        ];
      },
    );
    await insertRows(
      db,
      'journal_transactions',
      ['tenant_id', 'id', 'kind', 'customer_id', 'ref', 'created_at', 'digest'],
      n,
      (k) => {
        const e = rows[k] as (typeof rows)[number];
        return [tenantId, `t${e.i}`, 'usage', `c${e.customer}`, `ch${e.i}`, e.at, ''];
      },
    );
    await insertRows(
      db,
      'journal_entries',
      ['tenant_id', 'tx_id', 'seq', 'account', 'customer_id', 'lot_id', 'amount'],
      n * 2,
      (k) => {
        const e = rows[k >> 1] as (typeof rows)[number];
        const credits = e.model?.credits ?? 1;
        return k % 2 === 0
          ? [
              tenantId,
              `t${e.i}`,
              0,
              `customer:c${e.customer}:lot:l${e.customer}`,
              `c${e.customer}`,
              `l${e.customer}`,
              -credits,
            ]
          : [tenantId, `t${e.i}`, 1, 'usage', null, null, credits];
      },
    );
    if ((start / batch) % 25 === 0)
      log(`usage events: ${start + n} of ${size.events} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  return (Date.now() - started) / 1000;
}
