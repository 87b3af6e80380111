/** The analytics fold on SQLite (the suite: fold.case.ts). */
import { afterAll } from 'vitest';
import { createSqliteFactory } from '../support/databases.ts';
import { describeAnalyticsFold } from './fold.case.ts';

const sqlite = createSqliteFactory();
afterAll(() => sqlite.cleanup());
describeAnalyticsFold('SQLite', sqlite.makeStore);
