/**
 * The one list of databases the storage suites run on, and `forEachDatabase`, which runs a
 * suite once per entry: SQLite (files in a temporary folder removed after the suite) and
 * PostgreSQL (a fresh schema per store on TEST_DATABASE_URL, skipped without it unless CI).
 * The `*.sqlite.test.ts` / `*.postgres.test.ts` pairs open the same two databases through the
 * same functions (`createSqliteFactory`, `makePostgresStore`, `SKIP_POSTGRES`), one file each.
 */
import { afterAll, describe } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createSqliteFactory, makePostgresStore, SKIP_POSTGRES } from './databases.ts';

export type DatabaseName = 'sqlite' | 'postgres';

/** One database as a suite sees it: its name and how to open a fresh, empty store on it. */
export interface TestDatabase {
  readonly name: DatabaseName;
  makeStore(): Promise<Store>;
}

interface DatabaseEntry {
  readonly name: DatabaseName;
  /** True when this run skips the database (PostgreSQL without TEST_DATABASE_URL, off CI). */
  readonly skip: boolean;
  /** Stores for one suite, and what removes them afterwards. */
  open(): { makeStore: () => Promise<Store>; cleanup: () => void };
}

export const DATABASES: readonly DatabaseEntry[] = [
  { name: 'sqlite', skip: false, open: createSqliteFactory },
  {
    name: 'postgres',
    skip: SKIP_POSTGRES,
    open: () => ({ makeStore: () => makePostgresStore(), cleanup() {} }),
  },
];

/** Runs `suite` once per database in `DATABASES`, each in a `describe` named after it. */
export function forEachDatabase(suite: (db: TestDatabase) => void): void {
  for (const entry of DATABASES) {
    describe.skipIf(entry.skip)(entry.name, () => {
      const { makeStore, cleanup } = entry.open();
      afterAll(cleanup);
      suite({ name: entry.name, makeStore });
    });
  }
}
