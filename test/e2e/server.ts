/**
 * The real Tollgate server for browser tests: `buildApp` over a SQLite file in a temporary
 * folder, listening on a random local port. Nothing is mocked; the studio's demo tenants are
 * made on first use exactly as under `npm start`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
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

/** Starts the server on 127.0.0.1 and a free port. */
export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-e2e-'));
  const store = await openSqliteStore(join(dir, 'tollgate.db'));
  const engine = createEngine({ store });
  const config = readConfig({ PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'tollgate.db')}` });
  const app = buildApp({ engine, store, config, demo: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
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
