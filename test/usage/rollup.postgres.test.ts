import { describe } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/store.ts';
import type { Store } from '../../src/store/store.ts';
import { makePostgresStore, requirePostgresUrl, SKIP_POSTGRES } from '../support/databases.ts';
import { runUsageRollupSuite } from './rollup.case.ts';

/** A second process's store: its own connection pool on the first store's schema. */
async function openSecond(first: Store): Promise<Store> {
  const [row] = await first.raw.query<{ s: string }>('SELECT current_schema() AS s');
  return openPostgresStore(requirePostgresUrl(), { max: 4, schema: String(row?.s) });
}

describe.skipIf(SKIP_POSTGRES)('postgres', () => {
  runUsageRollupSuite('postgres', () => makePostgresStore(), openSecond);
});
