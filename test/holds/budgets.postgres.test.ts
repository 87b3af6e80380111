/** Budgets for agent runs on PostgreSQL (the suite: budgets.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeHoldBudgets } from './budgets.case.ts';

describeHoldBudgets('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
