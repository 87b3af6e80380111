/** The analytics fold on PostgreSQL (the suite: fold.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeAnalyticsFold } from './fold.case.ts';

describeAnalyticsFold('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
