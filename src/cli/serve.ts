/**
 * `tollgate serve [--db URL] [--port N] [--host H]`: the HTTP API on one port. On a fresh
 * database it creates one demo tenant per preset and prints their secret keys (shown once).
 * Expired holds and lots are swept every minute; usage deltas are folded into the daily
 * rollup every 5 s; outgoing webhooks are dispatched every 2 s; what is past retention
 * (RETENTION_DAYS, IDEMPOTENCY_RETENTION_DAYS) is pruned every 10 minutes, in small batches;
 * auto top-ups claimed but never charged (Stripe was unreachable) are charged again every 30 s.
 * SIGTERM and SIGINT close the listener, let requests in flight finish, stop the webhook loop
 * (after the pass in flight), then close the database.
 */
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { listPresets } from '../catalog/load.ts';
import { type Config, readConfig } from '../config.ts';
import { decideDemoMode } from '../demo/mode.ts';
import { startBackgroundLoop } from '../engine/background-loop.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { startRetentionLoop } from '../engine/retention-loop.ts';
import { autoTopUpsOf, buildApp } from '../http/app.ts';
import { createSignInLinks, signInUrl } from '../http/operator/sign-in-links.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { startWebhookDispatcher } from '../webhooks/runner.ts';
import { type CliIo, type CommandContext, EXIT } from './io.ts';
import { dbOption, parsePort } from './options.ts';
import { keepRunningOnUnhandledRejection } from './rejections.ts';
import { formatAddresses, formatDemoMode, formatSignInLinks, formatTenantKeys } from './serve-banner.ts';
import { provisionTenant } from './tenant.ts';

const SWEEP_MS = 60_000;
const ROLLUP_MS = 5_000;
/** The analytics fold (issue 14 item 5): each pass folds the hours that became due, per tenant. */
const ANALYTICS_FOLD_MS = 5_000;
const DAY_MS = 86_400_000;
/** Auto top-ups whose charge failed to reach Stripe are charged again (same key) this often. */
const AUTO_TOP_UP_RETRY_MS = 30_000;

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly engine: Engine;
  /** Demo mode: the studio and offline test checkouts are served. */
  readonly demo: boolean;
  readonly logger: Logger;
  /** A one-time dashboard sign-in link for each demo tenant (issued at start, 15 minutes). */
  readonly signInLinks: readonly { readonly tenant: string; readonly url: string }[];
  /** Stops taking requests, waits for those in flight, closes the database. */
  close(): Promise<void>;
}

/** Creates a demo tenant per preset when the database has no tenant yet; answers what it made. */
export async function seedDemoTenants(
  engine: Engine,
): Promise<{ preset: string; id: string; secretKey: string }[]> {
  if ((await engine.listTenants()).length > 0) return [];
  const made: { preset: string; id: string; secretKey: string }[] = [];
  for (const preset of await listPresets()) {
    const created = await provisionTenant(engine, {
      name: `Demo (${preset})`,
      catalog: preset,
      tenantId: preset,
      publicSlug: preset,
    });
    if (!created.ok) throw new Error(`cannot create demo tenant ${preset}: ${created.error.message}`);
    made.push({ preset, ...created.value });
  }
  return made;
}

/** Opens the store, seeds a fresh database, starts the sweeper and listens. */
export async function startServer(config: Config, io: CliIo): Promise<RunningServer> {
  const store: Store = await openStore(config.databaseUrl, {
    sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
  });
  const engine = createEngine({ store });
  const made = await seedDemoTenants(engine);
  const tenantIds = (await engine.listTenants()).map((t) => t.id);
  io.stdout(formatTenantKeys(made, made.length > 0 ? [] : tenantIds));
  const demo = decideDemoMode({
    setting: config.demo,
    dialect: store.dialect,
    tenantIds,
    presets: await listPresets(),
  });
  io.stdout(formatDemoMode(demo, config.testCheckout));
  const logger = pino({ level: config.logLevel });
  const signInLinks = createSignInLinks(Date.now);
  const app = buildApp({ engine, store, config, logger, demo: demo.on, signInLinks });
  const sweep = startBackgroundLoop(
    async () => void (await engine.sweepExpired()),
    SWEEP_MS,
    (error) => logger.error({ err: error }, 'sweep failed'),
  );
  const rollup = startBackgroundLoop(
    async () => void (await engine.rollUpUsage()),
    ROLLUP_MS,
    (error) => logger.error({ err: error }, 'usage roll-up failed'),
  );
  const analyticsFold = startBackgroundLoop(
    async () => void (await engine.foldAnalytics()),
    ANALYTICS_FOLD_MS,
    (error) => logger.error({ err: error }, 'analytics fold failed'),
  );
  const retention = startRetentionLoop(engine, {
    retentionMs: config.retentionDays * DAY_MS,
    idempotencyRetentionMs: config.idempotencyRetentionDays * DAY_MS,
    onError: (error) => logger.error({ err: error }, 'retention pass failed'),
    onPass: (result) => logger.info({ pruned: result }, 'retention pass'),
  });
  const webhooks = startWebhookDispatcher(engine, {
    allowPrivate: config.webhookAllowPrivate,
    onError: (error) => logger.error({ err: error }, 'webhook dispatch failed'),
  });
  const autoTopUpRetry = startBackgroundLoop(
    async () => void (await autoTopUpsOf(app).retryStale()),
    AUTO_TOP_UP_RETRY_MS,
    (error) => logger.error({ err: error }, 'auto top-up retry failed'),
  );
  const loops = [sweep, rollup, analyticsFold, webhooks, retention, autoTopUpRetry];
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await Promise.all(loops.map((loop) => loop.stop()));
    await store.close();
    throw describeListenError(error, config);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const presets = new Set(await listPresets());
  const demoTenants = tenantIds.filter((id) => presets.has(id));
  return {
    url,
    app,
    engine,
    demo: demo.on,
    signInLinks: demoTenants.map((tenant) => ({
      tenant,
      url: signInUrl(url, signInLinks.issue(tenant)),
    })),
    logger,
    async close() {
      await app.close();
      await Promise.all(loops.map((loop) => loop.stop()));
      await autoTopUpsOf(app).drain();
      await store.close();
    },
  };
}

/** A listen failure in words that say what to change: a busy port names PORT and --port. */
function describeListenError(error: unknown, config: Config): Error {
  const code = (error as { code?: string }).code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return new Error(
      `port ${config.port} is already in use (${where}): stop what listens there, or pick another port with PORT=N or --port N`,
    );
  if (code === 'EACCES')
    return new Error(`not allowed to listen on ${where}: use a port above 1023 (PORT=N or --port N)`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new Error(
      `cannot bind to host ${config.host}: use an address of this machine (HOST=H or --host H)`,
    );
  return error instanceof Error ? error : new Error(String(error));
}

export interface ServeOptions {
  readonly db?: string;
  readonly port?: number;
  readonly host?: string;
}

/** Applies `serve` options over the configuration (the environment's). */
export function applyServeOptions(options: ServeOptions, base: Config): Config {
  let config = base;
  if (options.db !== undefined) config = { ...config, databaseUrl: options.db };
  if (options.host !== undefined) config = { ...config, host: options.host };
  if (options.port !== undefined) {
    // A public URL derived from the default port follows the port given here.
    const derived = config.publicUrl === `http://localhost:${config.port}`;
    const port = options.port;
    config = { ...config, port, publicUrl: derived ? `http://localhost:${port}` : config.publicUrl };
  }
  return config;
}

/** Runs `serve` until SIGTERM or SIGINT. */
async function serve(options: ServeOptions, io: CliIo): Promise<number> {
  const server = await startServer(applyServeOptions(options, readConfig()), io);
  io.stdout(
    formatAddresses(server.url, {
      studio: server.demo,
      dashboard: server.app.hasRoute({ method: 'GET', url: '/dashboard/*' }),
    }),
  );
  io.stdout(formatSignInLinks(server.signInLinks));
  const release = keepRunningOnUnhandledRejection((reason) =>
    server.logger.error({ err: reason }, 'unhandled rejection; the server keeps running'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      io.stdout('tollgate: shutting down, finishing requests in flight\n');
      server.close().then(resolve, (error) => {
        io.stderr(`tollgate: shutdown failed: ${(error as Error).message}\n`);
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  release();
  return EXIT.ok;
}

/** `tollgate serve [--db URL] [--port N] [--host H]`. */
export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('run the HTTP API, the studio and the API reference (demo tenants on a fresh database)')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (default: PORT, else 8787)', parsePort)
    .option('--host <address>', 'address to bind to (default: HOST, else 127.0.0.1)')
    .action(async (options: ServeOptions) => ctx.exit(await serve(options, ctx.io)));
}
