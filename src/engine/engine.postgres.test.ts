/**
 * The engine suites (holds, accounts, the model-based test) on PostgreSQL: each store is a
 * fresh schema on the TEST_DATABASE_URL server, dropped when the store closes.
 */
import { describe, expect, it } from 'vitest';
import { runEngineSuite } from '../../test/engine/engine.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { addCustomer, balanceOf, createHarness } from '../../test/support/engine-harness.ts';

describe.skipIf(SKIP_POSTGRES)('engine on postgres', () => {
  runEngineSuite('postgres', () => makePostgresStore());

  it('answers balances read from PostgreSQL as numbers', async () => {
    const h = await createHarness(() => makePostgresStore());
    try {
      await addCustomer(h, 'alice', 25);
      const balance = await balanceOf(h, 'alice');
      expect(typeof balance.balance).toBe('number');
      expect(typeof balance.available).toBe('number');
      expect(balance.balance).toBe(35); // welcome 10 + purchased 25
    } finally {
      await h.store.close();
    }
  });
});
