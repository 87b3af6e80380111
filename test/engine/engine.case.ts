/**
 * The engine test suite over any store: `runEngineSuite(name, makeStore)`. The SQLite test
 * runs it on a file; the PostgreSQL adapter runs it on a real server.
 */
import type { Store } from '../../src/store/store.ts';
import { runAccountSuite } from './accounts.case.ts';
import { runAllowanceSuite } from './allowance.case.ts';
import { runDailySuite } from './daily.case.ts';
import { runHoldSuite } from './holds.case.ts';
import { runModelSuite } from './model.case.ts';
import { runPlanPeriodSuite } from './plan-period.case.ts';

/** Runs every engine test against stores made by `makeStore` (fresh and empty each time). */
export function runEngineSuite(name: string, makeStore: () => Promise<Store>): void {
  runHoldSuite(name, makeStore);
  runAccountSuite(name, makeStore);
  runModelSuite(name, makeStore);
  runAllowanceSuite(name, makeStore);
  runPlanPeriodSuite(name, makeStore);
  runDailySuite(name, makeStore);
}
