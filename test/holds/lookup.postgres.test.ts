/** Hold lookup and entitlements on PostgreSQL (the suite: lookup.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeHoldLookup } from './lookup.case.ts';

describeHoldLookup('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
