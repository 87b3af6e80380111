/** 429 refusals are not recorded, on PostgreSQL (the suite: not-now.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeNotNow } from './not-now.case.ts';

describeNotNow('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
