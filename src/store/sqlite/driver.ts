/**
 * The SQLite driver on better-sqlite3: prepared statements cached by text, parameters bound
 * positionally (`?` is native here). Synchronous underneath, answered as promises so the
 * SQL layer is the same for PostgreSQL.
 */
import Database from 'better-sqlite3';
import type { SqlDriver, SqlValue } from '../driver.ts';

/** Opens a database file with the pragmas the money rules ask for. */
export function openSqliteDatabase(
  path: string,
  options: { synchronous?: 'FULL' | 'NORMAL' } = {},
): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Temporary b-trees and the savepoint journal (pages an operation first touches inside a
  // savepoint) in memory rather than temporary files; nothing durable lives there.
  db.pragma('temp_store = MEMORY');
  return db;
}

/** Wraps a connection as a `SqlDriver`. */
export function createSqliteDriver(db: Database.Database): SqlDriver {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    dialect: 'sqlite',
    async query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      return prepare(sql).all(...params) as Row[];
    },
    async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
      const stmt = prepare(sql);
      if (stmt.reader) return { changes: stmt.all(...params).length };
      return { changes: stmt.run(...params).changes };
    },
  };
}
