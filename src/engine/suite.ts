/**
 * The engine test suite over any store: `runEngineSuite(name, makeStore)`. The SQLite test
 * runs it on a file; the PostgreSQL adapter runs it on a real server.
 */
import type { Store } from '../store/store.ts';
import { runAccountSuite } from './suite-accounts.ts';
import { runAllowanceSuite } from './suite-allowance.ts';
import { runDailySuite } from './suite-daily.ts';
import { runHoldSuite } from './suite-holds.ts';
import { runModelSuite } from './suite-model.ts';
import { runPlanPeriodSuite } from './suite-plan-period.ts';

/** Runs every engine test against stores made by `makeStore` (fresh and empty each time). */
export function runEngineSuite(name: string, makeStore: () => Promise<Store>): void {
  runHoldSuite(name, makeStore);
  runAccountSuite(name, makeStore);
  runModelSuite(name, makeStore);
  runAllowanceSuite(name, makeStore);
  runPlanPeriodSuite(name, makeStore);
  runDailySuite(name, makeStore);
}
