/** Plans and allowances without Stripe, on SQLite. */
import { describeCustomerPlan } from '../../test/http/customer-plan.case.ts';

describeCustomerPlan('sqlite');
