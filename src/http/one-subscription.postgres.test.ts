/** One plan subscription per customer, on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */

import { describeOneSubscription } from '../../test/http/one-subscription.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';

describeOneSubscription('postgres', () => makePostgresStore(), SKIP_POSTGRES);
