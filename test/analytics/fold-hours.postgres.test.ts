/** The analytics fold by the hour on PostgreSQL (the suite: fold-hours.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeAnalyticsHourFold } from './fold-hours.case.ts';

describeAnalyticsHourFold('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
