/**
 * PostgreSQL schema: the same tables, columns and indexes as the SQLite migrations (a test
 * compares them), with PostgreSQL types — BIGINT for every integer (credits, money, epoch
 * milliseconds, counters), TEXT for ids and JSON. The journal's append-only rule is a
 * trigger function. Versions match the SQLite ones and are recorded in `schema_migrations`.
 *
 * Several processes may start at once. Migrations run in one transaction that first locks
 * a sentinel row (version 0) of `schema_migrations` with `SELECT … FOR UPDATE`: a plain row
 * lock, which CockroachDB and YugabyteDB have too (they lack advisory locks and LOCK TABLE
 * is patchy there). The loser waits, then finds every version applied and does nothing.
 */
import type postgres from 'postgres';
import { ACCESS_SCHEMA_SQL } from '../sql/access-schema.ts';
import { ALLOWANCE_SCHEMA_SQL } from '../sql/allowance-schema.ts';
import { FIRST_PAYMENTS_SCHEMA_SQL } from '../sql/analytics-first-payments-schema.ts';
import {
  ANALYTICS_ROLLUP_SCHEMA_SQL,
  CUSTOMER_SEARCH_INDEXES_POSTGRES,
} from '../sql/analytics-rollup-schema.ts';
import { ANALYTICS_SCHEMA_SQL } from '../sql/analytics-schema.ts';
import { API_KEY_CAPS_SCHEMA_SQL } from '../sql/api-key-caps-schema.ts';
import { API_KEY_REQUESTS_SCHEMA_SQL } from '../sql/api-key-requests-schema.ts';
import { AUTO_TOP_UPS_SCHEMA_SQL } from '../sql/auto-top-ups-schema.ts';
import { CURRENT_SUBSCRIPTION_SCHEMA_SQL } from '../sql/current-subscription-schema.ts';
import { DISPUTES_SCHEMA_SQL } from '../sql/disputes-schema.ts';
import { HOLD_BUDGETS_SCHEMA_SQL } from '../sql/hold-budgets-schema.ts';
import { HOLD_JOBS_SCHEMA_SQL } from '../sql/hold-jobs-schema.ts';
import { HOLD_LOOKUP_SCHEMA_SQL } from '../sql/hold-lookup-schema.ts';
import { IDEMPOTENCY_REQUEST_SCHEMA_SQL } from '../sql/idempotency-request-schema.ts';
import { LEDGER_INDEXES_SCHEMA_SQL } from '../sql/ledger-indexes-schema.ts';
import { PAYMENTS_SCHEMA_SQL } from '../sql/payments-schema.ts';
import { PUBLIC_PAGES_SCHEMA_SQL } from '../sql/public-pages-schema.ts';
import { RETENTION_SCHEMA_SQL } from '../sql/retention-schema.ts';
import { TENANT_KEY_NAMES_SCHEMA_SQL } from '../sql/tenant-keys-schema.ts';
import { TEST_CHECKOUTS_SCHEMA_SQL } from '../sql/test-checkouts-schema.ts';
import { UNKNOWN_COST_SCHEMA_SQL } from '../sql/unknown-cost-schema.ts';
import { USAGE_ROLLUP_SCHEMA_SQL } from '../sql/usage-rollup-schema.ts';
import { WEBHOOKS_SCHEMA_SQL } from '../sql/webhooks-schema.ts';
import { readSqlState } from './driver.ts';

export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const APPEND_ONLY = (table: string) => `
CREATE TRIGGER ${table}_append_only_u BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER ${table}_append_only_d BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER ${table}_append_only_t BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();`;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'ledger',
    sql: `
CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, catalog_version TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE catalogs (tenant_id TEXT NOT NULL, version TEXT NOT NULL, source TEXT NOT NULL, normalized TEXT NOT NULL,
  created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, version));
CREATE TABLE customers (tenant_id TEXT NOT NULL, id TEXT NOT NULL, plan_id TEXT NOT NULL, email TEXT, email_verified_at BIGINT,
  referral_code TEXT NOT NULL, referred_by TEXT, flagged BIGINT NOT NULL DEFAULT 0, overdraft_limit BIGINT NOT NULL DEFAULT 0,
  balance BIGINT NOT NULL DEFAULT 0, held BIGINT NOT NULL DEFAULT 0, period_start BIGINT NOT NULL, period_end BIGINT NOT NULL,
  created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE UNIQUE INDEX customers_referral_code ON customers (tenant_id, referral_code);
CREATE TABLE lots (tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, source TEXT NOT NULL, amount BIGINT NOT NULL,
  remaining BIGINT NOT NULL, priority BIGINT NOT NULL, expires_at BIGINT, cost_basis_micros BIGINT NOT NULL DEFAULT 0,
  reason TEXT, ref TEXT, created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE INDEX lots_customer_source ON lots (tenant_id, customer_id, source);
CREATE INDEX lots_open ON lots (tenant_id, customer_id) WHERE remaining <> 0;
CREATE INDEX lots_expiring ON lots (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
CREATE TABLE holds (tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, model_id TEXT NOT NULL, params TEXT NOT NULL,
  credits BIGINT NOT NULL, quote TEXT NOT NULL, catalog_version TEXT NOT NULL, status TEXT NOT NULL, expires_at BIGINT NOT NULL,
  quota_takes TEXT NOT NULL, charge_id TEXT, created_at BIGINT NOT NULL, ended_at BIGINT, PRIMARY KEY (tenant_id, id));
CREATE INDEX holds_active ON holds (tenant_id, customer_id, id) WHERE status = 'active';
CREATE INDEX holds_expiring ON holds (expires_at) WHERE status = 'active';
CREATE TABLE charges (tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, hold_id TEXT, model_id TEXT NOT NULL,
  credits BIGINT NOT NULL, refunded BIGINT NOT NULL DEFAULT 0, allocations TEXT NOT NULL, provider_cost_micros BIGINT NOT NULL,
  catalog_version TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE journal_transactions (tenant_id TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, customer_id TEXT NOT NULL, ref TEXT,
  created_at BIGINT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE INDEX journal_transactions_customer ON journal_transactions (tenant_id, customer_id, id);
CREATE TABLE journal_entries (tenant_id TEXT NOT NULL, tx_id TEXT NOT NULL, seq BIGINT NOT NULL, account TEXT NOT NULL,
  customer_id TEXT, lot_id TEXT, amount BIGINT NOT NULL, PRIMARY KEY (tenant_id, tx_id, seq));
CREATE FUNCTION refuse_journal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'journal is append-only';
END
$$;
${APPEND_ONLY('journal_transactions')}
${APPEND_ONLY('journal_entries')}
CREATE TABLE idempotency_keys (tenant_id TEXT NOT NULL, idem_key TEXT NOT NULL, operation TEXT NOT NULL, request_hash TEXT NOT NULL,
  answer TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, idem_key));
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
CREATE TABLE quota_state (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, quota_key TEXT NOT NULL, level BIGINT NOT NULL,
  level_at BIGINT NOT NULL, month TEXT NOT NULL, month_used BIGINT NOT NULL, PRIMARY KEY (tenant_id, customer_id, quota_key));
CREATE TABLE warnings_fired (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, kind TEXT NOT NULL, threshold BIGINT NOT NULL,
  period TEXT NOT NULL, fired_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, customer_id, kind, threshold, period));
CREATE TABLE outbox (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, created_at BIGINT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, delivered_at BIGINT);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
CREATE TABLE usage_events (tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, hold_id TEXT, charge_id TEXT NOT NULL,
  model_id TEXT NOT NULL, category TEXT NOT NULL, units TEXT NOT NULL, credits BIGINT NOT NULL, provider_cost_micros BIGINT NOT NULL,
  created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE INDEX usage_events_customer ON usage_events (tenant_id, customer_id, created_at);
CREATE TABLE usage_daily (tenant_id TEXT NOT NULL, day TEXT NOT NULL, model_id TEXT NOT NULL, generations BIGINT NOT NULL,
  credits BIGINT NOT NULL, provider_cost_micros BIGINT NOT NULL, PRIMARY KEY (tenant_id, day, model_id));
CREATE TABLE reward_claims (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, kind TEXT NOT NULL, period_key TEXT NOT NULL,
  lot_id TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (tenant_id, customer_id, kind, period_key));
`,
  },
  // Shared text (valid on both dialects), appended as the same version on each.
  { version: 2, name: 'access', sql: ACCESS_SCHEMA_SQL },
  { version: 3, name: 'payments', sql: PAYMENTS_SCHEMA_SQL },
  { version: 4, name: 'webhooks', sql: WEBHOOKS_SCHEMA_SQL },
  { version: 5, name: 'allowance', sql: ALLOWANCE_SCHEMA_SQL },
  { version: 110, name: 'retention indexes', sql: RETENTION_SCHEMA_SQL },
  { version: 111, name: 'api key sliding window', sql: API_KEY_REQUESTS_SCHEMA_SQL },
  { version: 120, name: 'tenant keys have names', sql: TENANT_KEY_NAMES_SCHEMA_SQL },
  { version: 130, name: 'one current subscription per customer', sql: CURRENT_SUBSCRIPTION_SCHEMA_SQL },
  { version: 150, name: 'usage rollup off the hot path', sql: USAGE_ROLLUP_SCHEMA_SQL },
  { version: 170, name: 'idempotency keys keep their request', sql: IDEMPOTENCY_REQUEST_SCHEMA_SQL },
  { version: 180, name: 'ledger indexes', sql: LEDGER_INDEXES_SCHEMA_SQL },
  { version: 190, name: 'test checkouts', sql: TEST_CHECKOUTS_SCHEMA_SQL },
  { version: 191, name: 'hold job ids, metadata and entitlements', sql: HOLD_LOOKUP_SCHEMA_SQL },
  { version: 192, name: 'unknown provider costs', sql: UNKNOWN_COST_SCHEMA_SQL },
  { version: 200, name: 'customer api keys as principals', sql: API_KEY_CAPS_SCHEMA_SQL },
  { version: 214, name: 'operator analytics: payment amounts, plan changes', sql: ANALYTICS_SCHEMA_SQL },
  { version: 215, name: 'public pages', sql: PUBLIC_PAGES_SCHEMA_SQL },
  { version: 217, name: 'disputes can be won', sql: DISPUTES_SCHEMA_SQL },
  { version: 218, name: 'holds follow the provider job', sql: HOLD_JOBS_SCHEMA_SQL },
  { version: 220, name: 'auto top-up', sql: AUTO_TOP_UPS_SCHEMA_SQL },
  { version: 221, name: 'budgets for agent runs', sql: HOLD_BUDGETS_SCHEMA_SQL },
  {
    version: 222,
    name: 'analytics rollups and customer search indexes',
    sql: ANALYTICS_ROLLUP_SCHEMA_SQL + CUSTOMER_SEARCH_INDEXES_POSTGRES,
  },
  { version: 223, name: 'first payments for the conversion figures', sql: FIRST_PAYMENTS_SCHEMA_SQL },
];

/** Version 0 of `schema_migrations` is not a migration: it is the row migrations lock. */
export const MIGRATION_LOCK_VERSION = 0;

/** Runs a DDL statement that another process may be running at the same moment. */
async function runCreateRacing(sql: postgres.Sql, text: string): Promise<void> {
  try {
    await sql.unsafe(text);
  } catch (error) {
    // Two concurrent CREATE … IF NOT EXISTS can collide on the catalog's unique index;
    // the loser's object exists by then (the winner committed), which is all we wanted.
    const state = readSqlState(error);
    if (state !== '23505' && state !== '42P06' && state !== '42P07') throw error;
  }
}

/** Creates the schema if it is missing (`schema` is a validated identifier). */
export async function createSchemaIfMissing(sql: postgres.Sql, schema: string): Promise<void> {
  await runCreateRacing(sql, `CREATE SCHEMA IF NOT EXISTS ${schema}`);
}

/** Applies every migration newer than the database in one locked transaction; answers the versions applied. */
export async function runPostgresMigrations(sql: postgres.Sql, now: number): Promise<number[]> {
  await runCreateRacing(
    sql,
    'CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  return sql.begin('isolation level read committed', async (tx) => {
    await tx.unsafe(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'migration lock', 0) ON CONFLICT DO NOTHING",
      [MIGRATION_LOCK_VERSION],
    );
    await tx.unsafe('SELECT version FROM schema_migrations WHERE version = $1 FOR UPDATE', [
      MIGRATION_LOCK_VERSION,
    ]);
    const rows = await tx.unsafe<{ version: number }[]>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of POSTGRES_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await tx.unsafe(m.sql);
      await tx.unsafe('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        now,
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
