/** Unknown provider cost on SQLite (the suite: unknown-cost.case.ts). */
import { describeUnknownCost } from './unknown-cost.case.ts';

describeUnknownCost('SQLite', undefined);
