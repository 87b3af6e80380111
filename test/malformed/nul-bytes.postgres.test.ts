import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeNulBytesOn } from './nul-bytes.case.ts';

describeNulBytesOn('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
