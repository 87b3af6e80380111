/**
 * The overshoot hammer's invariants on each database, over one short second (the bench runs it
 * longer and reports its speed; nothing here is about time): 64 clients on one customer never
 * spend a credit beyond what was granted, and `verify` passes.
 */
import { expect, it } from 'vitest';
import { hammerOneCustomer } from '../../bench/overshoot-run.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { forEachDatabase } from '../support/each-database.ts';

forEachDatabase((db) => {
  it('64 clients on one customer overshoot by exactly 0 and verify passes', async () => {
    const store = await db.makeStore();
    try {
      const run = await hammerOneCustomer(createEngine({ store }), 1);
      expect(run.operations).toBeGreaterThan(0);
      expect(run.charged).toBeGreaterThan(0);
      expect(run.counts.captures).toBeGreaterThan(0);
      expect(run.overshootAnswers).toBe(0);
      expect(run.overshootJournal).toBe(0);
      expect(run.finalAvailable).toBeGreaterThanOrEqual(0);
      // Both counts agree with the balance: granted − (charged − refunded) is what is left.
      expect(run.finalBalance).toBe(run.granted - (run.charged - run.refunded));
      expect(run.verifyProblems).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
