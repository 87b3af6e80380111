import { describe, expect, it } from 'vitest';
import type { WebhookQueue } from './dispatch.ts';
import { startWebhookDispatcher } from './runner.ts';

/** A queue with nothing to send that counts passes; the first `failures` passes throw. */
function fakeQueue(failures: number, passMs = 0) {
  const state = { passes: 0, inFlight: 0, maxInFlight: 0, finished: 0 };
  const queue: WebhookQueue = {
    fanOutWebhookEvents: async () => {
      state.passes += 1;
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await new Promise((resolve) => setTimeout(resolve, passMs));
      state.inFlight -= 1;
      if (state.passes <= failures) throw new Error('database went away');
      return { events: 1, deliveries: 0 };
    },
    claimWebhookDeliveries: async () => {
      state.finished += 1;
      return [];
    },
    recordWebhookAttempt: async () => true,
  };
  return { queue, state };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('startWebhookDispatcher', () => {
  it('runs passes on its interval, keeps going after a failed pass, and never overlaps two', async () => {
    const { queue, state } = fakeQueue(1, 30);
    const errors: unknown[] = [];
    const passes: unknown[] = [];
    const runner = startWebhookDispatcher(queue, {
      intervalMs: 5,
      onError: (e) => errors.push(e),
      onPass: (r) => passes.push(r),
    });
    await until(() => state.finished >= 2);
    await runner.stop();
    expect(errors).toHaveLength(1);
    expect(passes.length).toBeGreaterThanOrEqual(2);
    expect(state.maxInFlight).toBe(1);
  });

  it('stop waits for the pass in flight and runs no more', async () => {
    const { queue, state } = fakeQueue(0, 50);
    const runner = startWebhookDispatcher(queue, { intervalMs: 1 });
    await until(() => state.inFlight === 1);
    await runner.stop();
    expect(state.inFlight).toBe(0);
    expect(state.finished).toBe(state.passes);
    const after = state.passes;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state.passes).toBe(after);
  });
});
