/** Budgets for agent runs on SQLite (the suite: budgets.case.ts). */
import { describeHoldBudgets } from './budgets.case.ts';

describeHoldBudgets('SQLite', undefined);
