import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeOverflowOn } from './overflow.case.ts';

describeOverflowOn('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
