/**
 * The server side of the HTTP benchmark, run as its own process so the load generator does
 * not share its event loop: the Tollgate app on a fresh SQLite file (MusicGen preset, customers
 * with credits) and a bare Fastify route, both on 127.0.0.1. Prints one JSON line with the
 * URLs and the secret key, then serves until killed. Commands on stdin, each answered with one
 * JSON line: `verify` runs `tollgate verify` on its engine and prints the report; `profile`
 * starts the V8 CPU profiler (the profile `node --cpu-prof` writes) and `profile-stop FILE`
 * writes it to FILE (bench/profile-http.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import { provisionTenant } from '../src/cli/tenant.ts';
import { readConfig } from '../src/config.ts';
import { createEngine } from '../src/engine/engine.ts';
import { buildApp } from '../src/http/app.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';

const CUSTOMERS = Number(process.argv[2] ?? 1000);
const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'tollgate-httpbench-')), 'bench.db'));
const engine = createEngine({ store });
const tenant = await provisionTenant(engine, { name: 'Bench', catalog: 'musicgen', tenantId: 'bench' });
if (!tenant.ok) throw new Error(tenant.error.message);
await Promise.all(
  Array.from({ length: CUSTOMERS }, async (_, i) => {
    await engine.createCustomer({ tenantId: 'bench', idempotencyKey: `c${i}`, customerId: `c${i}` });
    await engine.grant({
      tenantId: 'bench',
      idempotencyKey: `g${i}`,
      customerId: `c${i}`,
      credits: 10_000_000,
      source: 'promotional',
    });
  }),
);
const app = buildApp({ engine, store, config: readConfig({}) });
const tollgate = await app.listen({ port: 0, host: '127.0.0.1' });
const bare = Fastify({ logger: false });
bare.post('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(
  `${JSON.stringify({ tollgate, bare: bareUrl, key: tenant.value.secretKey, customers: CUSTOMERS })}\n`,
);
const profiler = new Session();
const commands: Record<string, (arg: string) => Promise<unknown>> = {
  verify: async () => {
    const report = await engine.verify();
    return { ok: report.ok, problems: report.problems };
  },
  profile: async () => {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    return { ok: true };
  },
  'profile-stop': async (file) => {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return { ok: true, file };
  },
};
createInterface({ input: process.stdin }).on('line', async (line) => {
  const [name = '', arg = ''] = line.trim().split(/\s+/);
  const command = commands[name];
  if (command !== undefined) process.stdout.write(`${JSON.stringify(await command(arg))}\n`);
});
