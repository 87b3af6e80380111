/**
 * The real Tollgate server for browser tests: `buildApp` over a SQLite file in a temporary
 * folder, listening on a random local port. Nothing is mocked; the studio's demo tenants are
 * made on first use exactly as under `npm start`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/config.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { buildApp } from '../../src/http/app.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';

export interface TestServer {
  readonly url: string;
  readonly engine: Engine;
  close(): Promise<void>;
}

/** A port free right now (the OS picks it), so the server's PUBLIC_URL can name it before it listens. */
async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts the server on 127.0.0.1 and a free port, with PUBLIC_URL on that port: URLs the server
 * builds from it (`POST /v1/checkout`'s TEST MODE page) lead back to this server.
 */
export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-e2e-'));
  const store = await openSqliteStore(join(dir, 'tollgate.db'));
  const engine = createEngine({ store });
  const free = await findFreePort();
  const config = readConfig({
    PORT: String(free),
    PUBLIC_URL: `http://127.0.0.1:${free}`,
    DATABASE_URL: `sqlite:${join(dir, 'tollgate.db')}`,
  });
  const app = buildApp({ engine, store, config, demo: true });
  await app.listen({ host: '127.0.0.1', port: free });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
