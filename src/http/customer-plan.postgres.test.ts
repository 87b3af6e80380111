/** Plans and allowances without Stripe, on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { describeCustomerPlan } from './customer-plan.case.ts';

describeCustomerPlan('postgres', () => makePostgresStore(), SKIP_POSTGRES);
