/** One plan subscription per customer, on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { describeOneSubscription } from './one-subscription.case.ts';

describeOneSubscription('postgres', () => makePostgresStore(), SKIP_POSTGRES);
