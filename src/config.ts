/**
 * Reads the environment once. Nothing else in Tollgate touches `process.env`: everything
 * that varies between installs arrives here and is passed down as plain values.
 */
export interface Config {
  /** Port the server listens on. */
  readonly port: number;
  /** Host the server binds to. */
  readonly host: string;
  /** `sqlite:PATH` or `postgres://...`. */
  readonly databaseUrl: string;
  /** Default Stripe keys for tenants created without their own; null = offline test checkout. */
  readonly stripeSecretKey: string | null;
  readonly stripeWebhookSecret: string | null;
  /** Where the Stripe SDK sends requests (a local fake in tests); null = Stripe itself. */
  readonly stripeApiBase: string | null;
  /** Public base URL of this server, for checkout return addresses. */
  readonly publicUrl: string;
  readonly logLevel: string;
  /** How long a SQLite write waits for another connection's lock before a 503 (ms, 5,000). */
  readonly sqliteBusyTimeoutMs: number;
  /** PostgreSQL for the test suite; with `ci` true its absence fails the suite. */
  readonly testDatabaseUrl: string | null;
  readonly ci: boolean;
}

/** Builds the configuration from an environment (process.env by default). */
export function readConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const sqliteBusyTimeoutMs = Number(env.SQLITE_BUSY_TIMEOUT_MS ?? 5000);
  if (!Number.isInteger(sqliteBusyTimeoutMs) || sqliteBusyTimeoutMs < 0)
    throw new Error(
      `SQLITE_BUSY_TIMEOUT_MS must be a whole number of milliseconds, got ${env.SQLITE_BUSY_TIMEOUT_MS}`,
    );
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || 'sqlite:./data/tollgate.db',
    stripeSecretKey: env.STRIPE_SECRET_KEY || null,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || null,
    stripeApiBase: env.STRIPE_API_BASE || null,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    logLevel: env.LOG_LEVEL ?? 'info',
    sqliteBusyTimeoutMs,
    testDatabaseUrl: env.TEST_DATABASE_URL || null,
    ci: env.CI === 'true',
  };
}
