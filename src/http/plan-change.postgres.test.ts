/** A subscriber's checkout for another plan changes their subscription, on PostgreSQL. */
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { describePlanChange } from './plan-change.case.ts';

describePlanChange('postgres', () => makePostgresStore(), SKIP_POSTGRES);
