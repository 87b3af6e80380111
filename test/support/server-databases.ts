/**
 * Databases for tests that start real `tollgate serve` processes: a store the test prepares
 * rows through, and the `DATABASE_URL` that points the servers at the same data (a SQLite file
 * in a temporary folder, or a fresh PostgreSQL schema), removed by `close`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/store/postgres/store.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';
import { createSchemaName, dropSchema, requirePostgresUrl, SKIP_POSTGRES } from './databases.ts';

export interface ServerDatabase {
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

export async function openSqliteServerDatabase(): Promise<ServerDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-server-'));
  const path = join(dir, 'test.db');
  const store = openSqliteStore(path);
  return {
    store,
    url: `sqlite:${path}`,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPostgresServerDatabase(): Promise<ServerDatabase> {
  const base = requirePostgresUrl();
  const schema = createSchemaName('srv');
  const store = await openPostgresStore(base, { schema, max: 2 });
  const url = new URL(base);
  url.searchParams.set('search_path', schema);
  return {
    store,
    url: url.toString(),
    async close() {
      await dropSchema(store, schema);
      await store.close();
    },
  };
}

/** Both databases, by name, with whether this run skips the dialect. */
export const SERVER_DATABASES = {
  sqlite: { name: 'SQLite', open: openSqliteServerDatabase, skip: false },
  postgres: { name: 'PostgreSQL', open: openPostgresServerDatabase, skip: SKIP_POSTGRES },
} as const;
