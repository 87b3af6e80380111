/** Holds that follow the provider's job on PostgreSQL (the suite: jobs.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeHoldJobs } from './jobs.case.ts';

describeHoldJobs('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
