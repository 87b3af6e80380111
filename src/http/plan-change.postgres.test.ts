/** A subscriber's checkout for another plan changes their subscription, on PostgreSQL. */

import { describePlanChange } from '../../test/http/plan-change.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';

describePlanChange('postgres', () => makePostgresStore(), SKIP_POSTGRES);
