import { isIP } from 'node:net';

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
  /**
   * Demo mode (`TOLLGATE_DEMO`): the studio's unauthenticated endpoints and offline test
   * checkouts. `auto` (unset) turns it on only for a SQLite database holding nothing but the
   * demo tenants (what `npm start` makes); see `decideDemoMode`.
   */
  readonly demo: 'on' | 'off' | 'auto';
  /** Offline test checkouts outside demo mode (`TOLLGATE_TEST_CHECKOUT=on`). */
  readonly testCheckout: boolean;
  /** `WEBHOOK_ALLOW_PRIVATE=true`: outgoing webhooks may target loopback and private addresses. */
  readonly webhookAllowPrivate: boolean;
  /**
   * `TRUST_PROXY`: addresses or CIDR ranges (or `loopback`, `linklocal`, `uniquelocal`) of the
   * reverse proxies whose `X-Forwarded-For` names the client; empty = trust no one.
   */
  readonly trustProxy: readonly string[];
  /** `RETENTION_DAYS`: outbox rows, webhook deliveries and attempts, ended holds are pruned after this (30). */
  readonly retentionDays: number;
  /** `IDEMPOTENCY_RETENTION_DAYS`: stored idempotency answers are pruned after this, once expired (7). */
  readonly idempotencyRetentionDays: number;
  /** `METRICS_TOKEN`: when set, `/metrics` needs `Authorization: Bearer <token>`. */
  readonly metricsToken: string | null;
}

/** Reads an on/off switch; unset answers `fallback`, anything else is an error naming the variable. */
function readSwitch<T extends string>(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${env[name]}`);
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
    demo: readSwitch(env, 'TOLLGATE_DEMO', ['on', 'off', 'auto'], 'auto'),
    testCheckout: readSwitch(env, 'TOLLGATE_TEST_CHECKOUT', ['on', 'off'], 'off') === 'on',
    webhookAllowPrivate: readBoolean(env, 'WEBHOOK_ALLOW_PRIVATE'),
    trustProxy: readProxyList(env.TRUST_PROXY),
    retentionDays: readDays(env, 'RETENTION_DAYS', 30),
    idempotencyRetentionDays: readDays(env, 'IDEMPOTENCY_RETENTION_DAYS', 7),
    metricsToken: env.METRICS_TOKEN || null,
  };
}

/** `true` or `false` (empty or unset = false); anything else is refused, naming the variable. */
function readBoolean(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be true or false, got ${value}`);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A comma-separated list of addresses, CIDR ranges and proxy-addr's range names. */
function readProxyList(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((raw) => {
    const item = raw.trim();
    const [address, bits, extra] = item.split('/');
    const family = isIP(address ?? '');
    const max = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (PROXY_NAMES.has(item) || (family !== 0 && bitsOk && extra === undefined)) return item;
    throw new Error(
      `TRUST_PROXY must list proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), got ${JSON.stringify(item)}`,
    );
  });
}

/** A whole number of days, at least 1. */
function readDays(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`${name} must be a whole number of days, at least 1, got ${value}`);
  return days;
}
