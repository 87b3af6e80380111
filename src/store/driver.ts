/**
 * The one thing a SQL dialect must provide: run a statement, get rows or a change count.
 * All SQL in `src/store/sql/` is written once against this, with `?` placeholders that a
 * driver translates (PostgreSQL: `$1, $2, ...`), using only syntax both SQLite ≥ 3.45 and
 * PostgreSQL 15 accept.
 */

export type SqlValue = string | number | null;

export type Dialect = 'sqlite' | 'postgres';

export interface SqlDriver {
  readonly dialect: Dialect;
  /** Runs a statement that returns rows (SELECT, or anything with RETURNING). */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a statement for its effect; answers how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/**
 * The driver, calling `onWrite` before every statement that may change data (anything that
 * does not start with SELECT), so a transaction can forget what it read before a write.
 */
export function watchWrites(db: SqlDriver, onWrite: () => void): SqlDriver {
  return {
    dialect: db.dialect,
    query(sql, params) {
      if (!/^\s*SELECT\b/i.test(sql)) onWrite();
      return db.query(sql, params);
    },
    run(sql, params) {
      onWrite();
      return db.run(sql, params);
    },
  };
}

/** ` FOR UPDATE` where the dialect locks rows that way; SQLite's write lock covers it already. */
export function forUpdate(db: SqlDriver): string {
  return db.dialect === 'postgres' ? ' FOR UPDATE' : '';
}

/** ` FOR UPDATE SKIP LOCKED` on PostgreSQL, so parallel workers split rows; SQLite has one writer. */
export function forUpdateSkipLocked(db: SqlDriver): string {
  return db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
}

/** Reads an integer column as a safe JavaScript number (bigint and numeric strings accepted). */
export function readInt(value: unknown, column: string): number {
  const n = typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new RangeError(`column ${column} is not a safe integer: ${String(value)}`);
  }
  return n;
}

/** Reads a nullable integer column. */
export function readIntOrNull(value: unknown, column: string): number | null {
  return value === null || value === undefined ? null : readInt(value, column);
}

/** Reads a TEXT column holding JSON. */
export function readJson<T>(value: unknown, column: string): T {
  if (typeof value !== 'string') throw new TypeError(`column ${column} is not JSON text`);
  return JSON.parse(value) as T;
}

/** Reads a nullable TEXT column. */
export function readTextOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** `?, ?, ?` for an IN list of n values. */
export function formatPlaceholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
