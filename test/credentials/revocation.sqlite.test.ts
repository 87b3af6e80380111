import { describeRevocationOn, openSqliteDatabase } from './revocation.case.ts';

describeRevocationOn('SQLite', openSqliteDatabase, false);
