/**
 * A real Tollgate server process for the payment crash test (`src/http/stripe-crash.test.ts`):
 * what `tollgate serve` runs (seed the demo tenants, `buildApp`, listen on a port) over the
 * database named in argv[2], except that the process kills itself with SIGKILL right after the
 * first payment command was committed by the engine and before the HTTP answer is written.
 *
 * The fault is injected here, in test code, by wrapping the engine the app is given; the
 * production code has no crash hook and reads no test-only setting.
 */
import type { AddressInfo } from 'node:net';
import { seedDemoTenants } from '../../src/cli/serve.ts';
import { readConfig } from '../../src/config.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { buildApp } from '../../src/http/app.ts';
import { openStore } from '../../src/store/open.ts';

const databaseUrl = process.argv[2];
if (databaseUrl === undefined) throw new Error('usage: payment-crash-server.ts DATABASE_URL');
const config = readConfig();
const store = await openStore(databaseUrl);
const engine = createEngine({ store });
for (const t of await seedDemoTenants(engine)) {
  process.stdout.write(`demo tenant ${t.preset}: id=${t.id} secret_key=${t.secretKey}\n`);
}

const crashing: Engine = {
  ...engine,
  async applyPaymentCommand(tenantId, command) {
    const applied = await engine.applyPaymentCommand(tenantId, command);
    // Committed (the store answers after COMMIT), not yet answered: die here.
    if (applied.ok && applied.value.status === 'applied') process.kill(process.pid, 'SIGKILL');
    return applied;
  },
};

const app = buildApp({ engine: crashing, store, config });
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as AddressInfo;
process.stdout.write(`tollgate listening on http://127.0.0.1:${port} (crashes after the first payment)\n`);
