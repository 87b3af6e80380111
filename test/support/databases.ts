/**
 * Test databases for both dialects. SQLite: a file in a temporary folder. PostgreSQL: the
 * server named by TEST_DATABASE_URL (read through `readConfig`), a fresh schema for every
 * store, dropped when the store closes, so runs and tests never see each other's rows.
 *
 * Without TEST_DATABASE_URL the PostgreSQL suites are skipped — unless CI=true, where a
 * missing PostgreSQL must fail the run, not quietly shrink it.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/config.ts';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/store.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';

const config = readConfig();

/** The PostgreSQL server tests run on, or null. */
export const TEST_POSTGRES_URL: string | null = config.testDatabaseUrl;

/** True when the PostgreSQL suites should be skipped (no server named, not on CI). */
export const SKIP_POSTGRES: boolean = TEST_POSTGRES_URL === null && !config.ci;

/** Answers the server URL, or throws the message a CI run without PostgreSQL must fail with. */
export function requirePostgresUrl(): string {
  if (TEST_POSTGRES_URL === null) {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run on CI (set TEST_DATABASE_URL=postgres://...)',
    );
  }
  return TEST_POSTGRES_URL;
}

/** A schema name no other run or test uses (process id, time, randomness). */
export function createSchemaName(prefix = 't'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it, through a store's own connection. */
export async function dropSchema(store: Store, schema: string): Promise<void> {
  await store.raw.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** Opens a PostgreSQL store in a fresh schema that is dropped when the store closes. */
export async function makePostgresStore(options: Omit<PostgresStoreOptions, 'schema'> = {}): Promise<Store> {
  const schema = createSchemaName();
  const store = await openPostgresStore(requirePostgresUrl(), {
    max: 4,
    connectTimeoutSeconds: 10,
    ...options,
    schema,
  });
  return {
    ...store,
    async close() {
      try {
        await dropSchema(store, schema);
      } finally {
        await store.close();
      }
    },
  };
}

/** A temporary folder of SQLite files, removed by `cleanup`. */
export function createSqliteFactory(): { makeStore: () => Promise<Store>; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-test-'));
  let n = 0;
  return {
    makeStore: async () => openSqliteStore(join(dir, `db${++n}.sqlite`)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
