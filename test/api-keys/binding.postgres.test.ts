/** Customer API keys bind, on PostgreSQL (the suite: binding.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeApiKeyBinding } from './binding.case.ts';

describeApiKeyBinding('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
