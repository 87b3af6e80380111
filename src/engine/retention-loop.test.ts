import { describe, expect, it } from 'vitest';
import type { PruneResult, RetentionPolicy } from './retention.ts';
import { startRetentionLoop } from './retention-loop.ts';

const NOTHING: PruneResult = {
  webhookDeliveries: 0,
  webhookAttempts: 0,
  outbox: 0,
  holds: 0,
  idempotencyKeys: 0,
};

/** An engine whose passes take `passMs`, the first `failures` of them throwing. */
function fakeEngine(failures: number, passMs = 0) {
  const state = { passes: 0, inFlight: 0, maxInFlight: 0, policies: [] as RetentionPolicy[] };
  const engine = {
    pruneRetained: async (policy?: RetentionPolicy): Promise<PruneResult> => {
      state.passes += 1;
      state.policies.push(policy ?? {});
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await new Promise((resolve) => setTimeout(resolve, passMs));
      state.inFlight -= 1;
      if (state.passes <= failures) throw new Error('database went away');
      return { ...NOTHING, holds: 1 };
    },
  };
  return { engine, state };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('startRetentionLoop', () => {
  it('prunes in capped passes on its interval, goes on after a failure, never overlaps two', async () => {
    const { engine, state } = fakeEngine(1, 20);
    const errors: unknown[] = [];
    const passes: PruneResult[] = [];
    const loop = startRetentionLoop(engine, {
      intervalMs: 5,
      retentionMs: 1_000,
      onError: (e) => errors.push(e),
      onPass: (r) => passes.push(r),
    });
    await until(() => passes.length >= 2);
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect(state.maxInFlight).toBe(1);
    expect(state.policies[0]).toEqual({ maxBatches: 20, retentionMs: 1_000 });
  });

  it('stop waits for the pass in flight and runs no more', async () => {
    const { engine, state } = fakeEngine(0, 40);
    const loop = startRetentionLoop(engine, { intervalMs: 1 });
    await until(() => state.inFlight === 1);
    await loop.stop();
    expect(state.inFlight).toBe(0);
    const after = state.passes;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state.passes).toBe(after);
  });
});
