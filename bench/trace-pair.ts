/**
 * Prints what one authorize and one commit send to PostgreSQL, statement by statement, grouped
 * by round trip (bench/postgres-wire.ts's proxy), after a warm-up so prepared statements exist:
 * `node --import tsx bench/trace-pair.ts`. The tool behind the round-trip figures in
 * docs/benchmarks.md; it measures nothing by time.
 */
import { createPostgresClient } from '../src/store/postgres/driver.ts';
import { findServer, seed, TENANT, withEngine } from './postgres-runs.ts';
import { startCountingProxy, type WireStatement } from './postgres-wire.ts';

const WARM_UP = 20;
const TRACED = Number(process.env.TRACED ?? 1);

function print(title: string, trail: readonly WireStatement[]): void {
  const first = trail[0]?.roundTrip ?? 0;
  const trips = new Map<number, string[]>();
  for (const s of trail)
    trips.set(s.roundTrip - first + 1, [...(trips.get(s.roundTrip - first + 1) ?? []), s.label]);
  process.stdout.write(`${title}: ${trail.length} statements in ${trips.size} round trips\n`);
  for (const [n, labels] of trips) process.stdout.write(`  ${n}. ${labels.join(' | ')}\n`);
}

const server = await findServer();
if (server.error !== undefined) throw new Error(`no PostgreSQL at ${server.url}: ${server.error}`);
const schema = `trace_${process.pid}`;
const proxy = await startCountingProxy(server.url, { trail: true });
try {
  await withEngine(server.url, schema, 'the trace seed', seed);
  await withEngine(proxy.url, schema, 'the traced pair', async (engine) => {
    for (let i = 0; i < WARM_UP + TRACED; i++) {
      const start = proxy.trail().length;
      const hold = await engine.authorize({
        tenantId: TENANT,
        customerId: `c${i}`,
        modelId: 'musicgen',
        params: { duration: 10 },
        idempotencyKey: `trace-a${i}`,
      });
      if (!hold.ok) throw new Error(hold.error.message);
      const middle = proxy.trail().length;
      const receipt = await engine.commit({
        tenantId: TENANT,
        holdId: hold.value.hold.id,
        idempotencyKey: `trace-c${i}`,
      });
      if (!receipt.ok) throw new Error(receipt.error.message);
      if (i < WARM_UP) continue;
      print('authorize', proxy.trail().slice(start, middle));
      print('commit', proxy.trail().slice(middle));
    }
  });
} finally {
  await proxy.close();
  const sql = createPostgresClient(server.url, { max: 1 });
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.end({ timeout: 1 });
}
