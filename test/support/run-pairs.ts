/**
 * The benchmark's unit of work, run inside one engine process: authorize then commit, many
 * pairs with a fixed number in flight, over a set of funded customers. Answers each pair's
 * latency so the caller can merge several processes' figures into one p50/p99.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../src/engine/engine.ts';

export interface PairsRequest {
  readonly tenantId: string;
  readonly modelId: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly customers: number;
  readonly pairs: number;
  /** Stops starting pairs after this many seconds, whichever comes first (the bench on a busy machine). */
  readonly seconds?: number;
  readonly inFlight: number;
  /** Keeps idempotency keys unique across processes and runs. */
  readonly keyPrefix: string;
}

export interface PairsResult {
  readonly latenciesMs: number[];
  readonly elapsedMs: number;
  readonly failures: number;
}

/** Runs `pairs` authorize+commit pairs (or as many as `seconds` allows), `inFlight` at a time. */
export async function runPairs(engine: Engine, request: PairsRequest): Promise<PairsResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const deadline = performance.now() + (request.seconds ?? Number.POSITIVE_INFINITY) * 1000;
  const worker = async () => {
    while (next < request.pairs && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      const customerId = `c${(i * 7919 + request.keyPrefix.length) % request.customers}`;
      const hold = await engine.authorize({
        tenantId: request.tenantId,
        customerId,
        modelId: request.modelId,
        params: request.params,
        idempotencyKey: `${request.keyPrefix}-a${i}`,
      });
      if (!hold.ok) {
        failures += 1;
        continue;
      }
      const receipt = await engine.commit({
        tenantId: request.tenantId,
        holdId: hold.value.hold.id,
        idempotencyKey: `${request.keyPrefix}-c${i}`,
      });
      if (!receipt.ok) failures += 1;
      latenciesMs.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: request.inFlight }, worker));
  return { latenciesMs, elapsedMs: performance.now() - start, failures };
}
