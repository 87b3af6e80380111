/**
 * The PostgreSQL driver on `postgres` (porsager): the shared `?` SQL is rewritten to `$n`
 * and run with `sql.unsafe(text, params)` as a prepared statement. BIGINT (int8) and
 * NUMERIC (what SUM answers) come back as JavaScript numbers when they are safe integers,
 * so credits read from PostgreSQL are numbers like on SQLite; anything larger stays a
 * string, which `readInt` then refuses loudly rather than rounding.
 */
import { connect, type Socket } from 'node:net';
import postgres from 'postgres';
import type { SqlDriver, SqlValue } from '../driver.ts';
import { translatePlaceholders } from './placeholders.ts';

/** A pool or a transaction: both run `unsafe` statements. */
export type PostgresSql = postgres.Sql | postgres.TransactionSql | postgres.ReservedSql;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Parses an integer's text as a number when exact, otherwise keeps the text (readInt refuses it). */
function parseExactInteger(text: string): number | string {
  if (!/^-?\d+$/.test(text)) return text;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

export interface PostgresClientOptions {
  /** Schema every statement runs in (`search_path`); the URL's `?search_path=` otherwise. */
  readonly schema?: string;
  /** Connections in the pool (the URL's `?max=` otherwise, else 10). */
  readonly max?: number;
  readonly connectTimeoutSeconds?: number;
}

/** What postgres.js hands a socket factory: the URL's hosts and ports, or a unix socket path. */
interface SocketTarget {
  readonly host: readonly string[];
  readonly port: readonly number[];
  /** A unix socket's path, or false. */
  readonly path?: string | false;
}

/**
 * A TCP socket with Nagle's algorithm off. postgres.js writes a pipelined burst in pieces (at
 * once past 1 kB, the rest at setImmediate) and does not set TCP_NODELAY, so the kernel held
 * the second piece until the server acknowledged the first, with its answer: one burst cost
 * two round trips. The socket is handed over still connecting; writes wait for the connection.
 */
function openNoDelaySocket(target: SocketTarget): Socket {
  const host = target.host[0] ?? 'localhost';
  const port = target.port[0] ?? 5432;
  const socket: Socket & { host?: string; port?: number } =
    typeof target.path === 'string' && target.path !== ''
      ? connect(target.path)
      : connect({ host, port, noDelay: true });
  socket.host = host; // postgres.js names the TLS server by it
  socket.port = port;
  return socket;
}

/** Opens a connection pool with Tollgate's type parsing and schema. */
export function createPostgresClient(url: string, options: PostgresClientOptions = {}): postgres.Sql {
  const exact = { serialize: (x: unknown) => String(x), parse: parseExactInteger };
  return postgres(url, {
    ...(options.max === undefined ? {} : { max: options.max }),
    ...(options.connectTimeoutSeconds === undefined
      ? {}
      : { connect_timeout: options.connectTimeoutSeconds }),
    onnotice: () => undefined,
    // One host: our socket, without Nagle. Several: postgres.js's own, which tries them in turn.
    ...(new URL(url).host.includes(',') ? {} : { socket: openNoDelaySocket }),
    connection: {
      application_name: 'tollgate',
      ...(options.schema === undefined ? {} : { search_path: options.schema }),
    },
    types: {
      int8: { to: INT8_OID, from: [INT8_OID], ...exact },
      numeric: { to: NUMERIC_OID, from: [NUMERIC_OID], ...exact },
    },
  }) as unknown as postgres.Sql;
}

/** Wraps a pool (autocommit per statement) or a transaction as a `SqlDriver`. */
export function createPostgresDriver(sql: PostgresSql): SqlDriver {
  const execute = (text: string, params: readonly SqlValue[]) => {
    if (params.length === 0) return sql.unsafe(text);
    const translated = translatePlaceholders(text);
    if (translated.count !== params.length) {
      throw new Error(
        `statement has ${translated.count} placeholders but ${params.length} parameters: ${text}`,
      );
    }
    return sql.unsafe(translated.text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
  };
  return {
    dialect: 'postgres',
    async query<Row>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      const rows = await execute(text, params);
      return Array.from(rows) as Row[];
    },
    async run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
      const result = await execute(text, params);
      return { changes: result.count ?? 0 };
    },
  };
}

/** The SQLSTATE of a database error, if it is one. */
export function readSqlState(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}
