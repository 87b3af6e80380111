import { openSqliteServerDatabase } from '../support/server-databases.ts';
import { describeRevocationOn } from './revocation.case.ts';

describeRevocationOn('SQLite', openSqliteServerDatabase, false);
