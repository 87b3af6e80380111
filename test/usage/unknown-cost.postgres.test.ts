/** Unknown provider cost on PostgreSQL (the suite: unknown-cost.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeUnknownCost } from './unknown-cost.case.ts';

describeUnknownCost('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
