/** The budgets model-based test on SQLite (the suite: budget-model.case.ts). */
import { afterAll } from 'vitest';
import { createSqliteFactory } from '../support/databases.ts';
import { runBudgetModelSuite } from './budget-model.case.ts';

const sqlite = createSqliteFactory();
afterAll(() => sqlite.cleanup());

runBudgetModelSuite('SQLite', sqlite.makeStore);
