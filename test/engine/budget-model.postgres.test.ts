/** The budgets model-based test on PostgreSQL (the suite: budget-model.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { runBudgetModelSuite } from './budget-model.case.ts';

runBudgetModelSuite('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
