import { SKIP_POSTGRES } from '../support/databases.ts';
import { describeRevocationOn, openPostgresDatabase } from './revocation.case.ts';

describeRevocationOn('PostgreSQL', openPostgresDatabase, SKIP_POSTGRES);
