/**
 * One authorize alone: authorize then commit, one call in flight (up to `count` or `seconds`), timing the authorize (the
 * latency a caller sees before its provider may start). Each commit runs untimed so holds do
 * not pile up on the customers.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../src/engine/engine.ts';
import { latencySummary, runPool } from './stats.ts';

export async function measureSingleAuthorize(
  engine: Engine,
  options: { tenantId: string; customers: number; count: number; seconds: number; keyPrefix: string },
): Promise<{ p50Ms: number; p99Ms: number; count: number }> {
  const latencies: number[] = [];
  await runPool(
    options.count,
    1,
    async (i) => {
      const t0 = performance.now();
      const hold = await engine.authorize({
        tenantId: options.tenantId,
        customerId: `c${(i * 7919) % options.customers}`,
        modelId: 'musicgen',
        params: { duration: 10 },
        idempotencyKey: `${options.keyPrefix}-a${i}`,
      });
      latencies.push(performance.now() - t0);
      if (!hold.ok) throw new Error(`single authorize refused: ${hold.error.message}`);
      const receipt = await engine.commit({
        tenantId: options.tenantId,
        holdId: hold.value.hold.id,
        idempotencyKey: `${options.keyPrefix}-c${i}`,
      });
      if (!receipt.ok) throw new Error(`single commit refused: ${receipt.error.message}`);
    },
    options.seconds,
  );
  return { ...latencySummary(latencies), count: latencies.length };
}
