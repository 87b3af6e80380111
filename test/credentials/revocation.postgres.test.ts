import { SKIP_POSTGRES } from '../support/databases.ts';
import { openPostgresServerDatabase } from '../support/server-databases.ts';
import { describeRevocationOn } from './revocation.case.ts';

describeRevocationOn('PostgreSQL', openPostgresServerDatabase, SKIP_POSTGRES);
