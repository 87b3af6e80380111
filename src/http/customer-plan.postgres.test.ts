/** Plans and allowances without Stripe, on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */

import { describeCustomerPlan } from '../../test/http/customer-plan.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';

describeCustomerPlan('postgres', () => makePostgresStore(), SKIP_POSTGRES);
