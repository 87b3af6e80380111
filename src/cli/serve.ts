/**
 * `tollgate serve [--db URL] [--port N] [--host H]`: the HTTP API on one port. On a fresh
 * database it creates one demo tenant per preset and prints their secret keys (shown once).
 * Expired holds and lots are swept every minute; usage deltas are folded into the daily
 * rollup every 5 s; outgoing webhooks are dispatched every 2 s.
 * SIGTERM and SIGINT close the listener, let requests in flight finish, stop the webhook loop
 * (after the pass in flight), then close the database.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { listPresets } from '../catalog/load.ts';
import { type Config, readConfig } from '../config.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { buildApp } from '../http/app.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { startWebhookDispatcher } from '../webhooks/runner.ts';
import { type CliIo, EXIT } from './io.ts';
import { provisionTenant } from './tenant.ts';

const SWEEP_MS = 60_000;
const ROLLUP_MS = 5_000;

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly engine: Engine;
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
    });
    if (!created.ok) throw new Error(`cannot create demo tenant ${preset}: ${created.error.message}`);
    made.push({ preset, ...created.value });
  }
  return made;
}

/** Opens the store, seeds a fresh database, starts the sweeper and listens. */
export async function startServer(config: Config, io: CliIo): Promise<RunningServer> {
  const store: Store = await openStore(config.databaseUrl);
  const engine = createEngine({ store });
  for (const t of await seedDemoTenants(engine)) {
    io.stdout(`demo tenant ${t.preset}: id=${t.id} secret_key=${t.secretKey}\n`);
  }
  const logger = pino({ level: config.logLevel });
  const app = buildApp({ engine, store, config, logger });
  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweeping
      .then(() => engine.sweepExpired())
      .catch((error) => logger.error({ err: error }, 'sweep failed'));
  }, SWEEP_MS);
  timer.unref();
  let rolling: Promise<unknown> = Promise.resolve();
  const rollupTimer = setInterval(() => {
    rolling = rolling
      .then(() => engine.rollUpUsage())
      .catch((error) => logger.error({ err: error }, 'usage roll-up failed'));
  }, ROLLUP_MS);
  rollupTimer.unref();
  const webhooks = startWebhookDispatcher(engine, {
    onError: (error) => logger.error({ err: error }, 'webhook dispatch failed'),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    url,
    app,
    engine,
    async close() {
      clearInterval(timer);
      clearInterval(rollupTimer);
      await app.close();
      await sweeping;
      await rolling;
      await webhooks.stop();
      await store.close();
    },
  };
}

/** Applies `serve` flags over the configuration; a message naming the flag when one is wrong. */
export function parseServeArgs(args: string[], base: Config): Config | string {
  let config = base;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = inline ?? args[++i];
    if (value === undefined) return `${name} needs a value`;
    if (name === '--db') config = { ...config, databaseUrl: value };
    else if (name === '--host') config = { ...config, host: value };
    else if (name === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        return `--port must be a port number, got ${value}`;
      // A public URL derived from the default port follows the port given here.
      const derived = config.publicUrl === `http://localhost:${config.port}`;
      config = { ...config, port, publicUrl: derived ? `http://localhost:${port}` : config.publicUrl };
    } else return `unexpected argument ${JSON.stringify(arg)}`;
  }
  return config;
}

/** Runs `serve` until SIGTERM or SIGINT. */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  const config = parseServeArgs(args, readConfig());
  if (typeof config === 'string') {
    io.stderr(`tollgate serve: ${config}\nusage: tollgate serve [--db URL] [--port N] [--host H]\n`);
    return EXIT.usage;
  }
  const server = await startServer(config, io);
  io.stdout(`tollgate listening on ${server.url} (docs: ${server.url}/docs)\n`);
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
  return EXIT.ok;
}
