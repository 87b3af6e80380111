/**
 * Both dialects' migrations must build the same schema: the same tables, the same columns
 * (name, integer-or-text, nullability, primary key position) and the same secondary
 * indexes (name, columns in order, uniqueness), so the shared SQL in `src/store/sql/` means the same thing on either.
 */
import { describe, expect, it } from 'vitest';
import { createSqliteFactory, makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import type { Store } from './store.ts';

type Column = { name: string; type: 'integer' | 'text'; nullable: boolean; pk: number };
type Schema = { tables: Record<string, Column[]>; indexes: string[] };

function classify(declared: string): 'integer' | 'text' {
  const t = declared.toLowerCase();
  if (t === 'integer' || t === 'bigint') return 'integer';
  if (t === 'text') return 'text';
  throw new Error(`unexpected column type ${declared}`);
}

function formatIndex(table: string, name: string, columns: string[], unique: boolean): string {
  return `${table}.${name}(${columns.join(', ')})${unique ? ' unique' : ''}`;
}

async function describeSqlite(store: Store): Promise<Schema> {
  const tables = await store.raw.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const result: Schema = { tables: {}, indexes: [] };
  for (const { name } of tables) {
    const cols = await store.raw.query<{ name: string; type: string; notnull: number; pk: number }>(
      `PRAGMA table_info(${name})`,
    );
    result.tables[name] = cols
      .map((c) => ({
        name: c.name,
        type: classify(c.type),
        nullable: c.notnull === 0 && c.pk === 0,
        pk: c.pk,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  for (const { name: table } of tables) {
    const list = await store.raw.query<{ name: string; unique: number; origin: string }>(
      `PRAGMA index_list(${table})`,
    );
    for (const index of list.filter((i) => i.origin === 'c')) {
      const cols = await store.raw.query<{ name: string | null }>(`PRAGMA index_info(${index.name})`);
      result.indexes.push(
        formatIndex(
          table,
          index.name,
          cols.map((c) => c.name ?? '(expression)'),
          index.unique === 1,
        ),
      );
    }
  }
  result.indexes.sort();
  return result;
}

async function describePostgres(store: Store): Promise<Schema> {
  const cols = await store.raw.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
  }>(
    'SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()',
  );
  const pks = await store.raw.query<{ table_name: string; column_name: string; ordinal_position: number }>(
    `SELECT k.table_name, k.column_name, k.ordinal_position FROM information_schema.table_constraints c
     JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
     WHERE c.table_schema = current_schema() AND c.constraint_type = 'PRIMARY KEY'`,
  );
  const pkOf = new Map(pks.map((p) => [`${p.table_name}.${p.column_name}`, Number(p.ordinal_position)]));
  const result: Schema = { tables: {}, indexes: [] };
  for (const c of cols) {
    const list = result.tables[c.table_name] ?? [];
    list.push({
      name: c.column_name,
      type: classify(c.data_type),
      nullable: c.is_nullable === 'YES',
      pk: pkOf.get(`${c.table_name}.${c.column_name}`) ?? 0,
    });
    result.tables[c.table_name] = list;
  }
  for (const list of Object.values(result.tables)) list.sort((a, b) => a.name.localeCompare(b.name));
  const indexes = await store.raw.query<{ index: string; table: string; cols: string; uniq: boolean }>(
    `SELECT i.relname AS index, t.relname AS table, x.indisunique AS uniq,
       string_agg(COALESCE(a.attname, '(expression)'), ',' ORDER BY k.ord) AS cols
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
     LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0
     WHERE n.nspname = current_schema() AND NOT x.indisprimary
     GROUP BY i.relname, t.relname, x.indisunique`,
  );
  result.indexes = indexes.map((i) => formatIndex(i.table, i.index, i.cols.split(','), i.uniq)).sort();
  return result;
}

describe.skipIf(SKIP_POSTGRES)('schema parity', () => {
  it('SQLite and PostgreSQL migrations build the same tables, columns and indexes', async () => {
    const sqlite = createSqliteFactory();
    const lite = await sqlite.makeStore();
    const pg = await makePostgresStore();
    try {
      const a = await describeSqlite(lite);
      const b = await describePostgres(pg);
      expect(Object.keys(a.tables).sort()).toEqual(Object.keys(b.tables).sort());
      expect(b).toEqual(a);
      expect(Object.keys(a.tables).length).toBeGreaterThanOrEqual(15);
    } finally {
      await lite.close();
      await pg.close();
      sqlite.cleanup();
    }
  });
});
