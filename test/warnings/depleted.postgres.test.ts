/** `depleted` on PostgreSQL (the suite: depleted.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeDepleted } from './depleted.case.ts';

describeDepleted('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
