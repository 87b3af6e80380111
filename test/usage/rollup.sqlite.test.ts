import { afterAll } from 'vitest';
import { createSqliteFactory } from '../support/databases.ts';
import { runUsageRollupSuite } from './rollup.case.ts';

const sqlite = createSqliteFactory();
afterAll(sqlite.cleanup);

runUsageRollupSuite('sqlite', sqlite.makeStore);
