/**
 * The PostgreSQL store: one transaction per `write` on a pooled connection, at READ
 * COMMITTED. Every write first locks the customers it is about — `SELECT … FOR UPDATE` on
 * their stable `customers` rows, in id order, so two writers never deadlock on them — and
 * everything after that lock reads the latest committed state of those customers. A
 * serialization failure or deadlock reruns the whole transaction (bounded, jittered). A
 * `write` whose function throws or answers a `Rollback` is rolled back. Reads run in a
 * REPEATABLE READ transaction: one consistent snapshot, never blocked by writers. (Not READ
 * ONLY: the contract lets a read call `lock`, which then really locks until the snapshot ends.)
 */
import type postgres from 'postgres';
import { withDeferredWrites } from '../deferred-writes.ts';
import type { SqlDriver } from '../driver.ts';
import { bindQueries, Rollback, type Store, type StoreTx, type WriteScope } from '../store.ts';
import { createPostgresClient, createPostgresDriver } from './driver.ts';
import { createSchemaIfMissing, runPostgresMigrations } from './migrations.ts';
import { type RetryOptions, runWithRetry } from './retry.ts';

export interface PostgresStoreOptions {
  /** Schema for every table (created if missing); the URL's `?search_path=` otherwise, else the server default. */
  readonly schema?: string;
  /** Pool size per process (the URL's `?max=` otherwise, else 10). */
  readonly max?: number;
  readonly connectTimeoutSeconds?: number;
  /** Serialization/deadlock retry policy. */
  readonly retry?: RetryOptions;
  /** Clock for the migration record. */
  readonly now?: () => number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema a store should use: the option, else `?search_path=` in the URL (one plain name). */
export function findSchemaOption(url: string, schema: string | undefined): string | undefined {
  const chosen = schema ?? new URL(url).searchParams.get('search_path') ?? undefined;
  if (chosen !== undefined && !SCHEMA_NAME.test(chosen)) {
    throw new Error(`schema ${JSON.stringify(chosen)} must be a lowercase identifier ([a-z_][a-z0-9_]*)`);
  }
  return chosen;
}

/**
 * Locks the scope: first its idempotency key (a transaction-scoped advisory lock, taken before
 * any row lock and at most one per transaction, so it cannot deadlock), then its customer rows
 * in id order (rows that do not exist yet are simply not locked), or the customer of its hold
 * or of its payment's lot.
 * Under those locks it reads ahead what a use case reads first: the key's record, the locked
 * customers, the tenant (its catalog version) and the scope's hold. The
 * statements are pipelined: one round trip, run by the server in this order.
 */
async function lockScope(db: SqlDriver, tx: StoreTx, scope: WriteScope): Promise<void> {
  const owners = [
    (scope.customerIds?.length ?? 0) > 0,
    scope.holdId !== undefined,
    scope.paymentRef !== undefined,
  ];
  if (owners.filter(Boolean).length > 1) {
    throw new Error('a write scope names customers, a hold or a payment, one of them (their lock order)');
  }
  const key = scope.idempotencyKey;
  await Promise.all([
    key === undefined
      ? null
      : db.query('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`${scope.tenantId}/${key}`]),
    tx.customers.lockMany(scope.tenantId, scope.customerIds ?? []),
    scope.holdId === undefined ? null : tx.customers.lockForHold(scope.tenantId, scope.holdId),
    scope.holdId === undefined ? null : tx.holds.readAhead(scope.tenantId, scope.holdId),
    scope.paymentRef === undefined ? null : tx.customers.lockForPaymentRef(scope.tenantId, scope.paymentRef),
    key === undefined ? null : tx.idempotency.readAhead(scope.tenantId, key),
    scope.tenantId === '*' ? null : tx.tenants.readAhead(scope.tenantId),
  ]);
}

/** Opens (creating the schema and migrating if needed) a PostgreSQL store. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const schema = findSchemaOption(url, options.schema);
  const sql = createPostgresClient(url, {
    ...(schema === undefined ? {} : { schema }),
    ...(options.max === undefined ? {} : { max: options.max }),
    ...(options.connectTimeoutSeconds === undefined
      ? {}
      : { connectTimeoutSeconds: options.connectTimeoutSeconds }),
  });
  try {
    if (schema !== undefined) await createSchemaIfMissing(sql, schema);
    // Processes starting together may deadlock on the catalog while one migrates: run it again.
    await runWithRetry(() => runPostgresMigrations(sql, (options.now ?? Date.now)()), { retries: 5 });
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
  return createPostgresStore(sql, options.retry ?? {});
}

/** Builds the `Store` over an open, migrated pool. */
function createPostgresStore(sql: postgres.Sql, retry: RetryOptions): Store {
  let closed = false;
  const raw = createPostgresDriver(sql);

  /**
   * One write transaction on a reserved connection. BEGIN is sent with the scope lock and its
   * reads ahead, not before them: the server runs them in order, and the client waits once.
   */
  async function writeOnce<T>(scope: WriteScope, fn: (tx: StoreTx) => Promise<T | Rollback<T>>): Promise<T> {
    const connection = await sql.reserve();
    try {
      const db = createPostgresDriver(connection);
      const queries = bindQueries(db);
      const begin = connection.unsafe('BEGIN ISOLATION LEVEL READ COMMITTED').execute();
      await Promise.all([begin, lockScope(db, queries, scope)]);
      const value = await withDeferredWrites(queries, fn);
      await connection.unsafe(value instanceof Rollback ? 'ROLLBACK' : 'COMMIT');
      return value instanceof Rollback ? value.value : value;
    } catch (error) {
      await connection.unsafe('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  return {
    dialect: 'postgres',
    raw,
    write<T>(scope: WriteScope, fn: (tx: StoreTx) => Promise<T | Rollback<T>>): Promise<T> {
      if (closed) return Promise.reject(new Error('store is closed'));
      return runWithRetry(() => writeOnce(scope, fn), retry);
    },
    async read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error('store is closed');
      return runWithRetry(
        async () =>
          (await sql.begin('isolation level repeatable read', (tx) =>
            fn(bindQueries(createPostgresDriver(tx))),
          )) as T,
        retry,
      );
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await sql.end({ timeout: 5 });
    },
  };
}
