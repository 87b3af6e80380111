/** The analytics fold by the hour on SQLite (the suite: fold-hours.case.ts). */
import { afterAll } from 'vitest';
import { createSqliteFactory } from '../support/databases.ts';
import { describeAnalyticsHourFold } from './fold-hours.case.ts';

const sqlite = createSqliteFactory();
afterAll(() => sqlite.cleanup());
describeAnalyticsHourFold('SQLite', sqlite.makeStore);
