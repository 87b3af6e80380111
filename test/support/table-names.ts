/** The names of a store's tables, on either database (SQLite's own `sqlite_*` tables left out). */
import type { Store } from '../../src/store/store.ts';

export async function listTableNames(store: Store): Promise<string[]> {
  const rows =
    store.dialect === 'sqlite'
      ? await store.raw.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await store.raw.query<{ name: string }>(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
        );
  return rows.map((row) => row.name).filter((name) => !name.startsWith('sqlite_'));
}
