/** Auto top-up on PostgreSQL (the suite: auto-top-up.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeAutoTopUp } from './auto-top-up.case.ts';

describeAutoTopUp('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
