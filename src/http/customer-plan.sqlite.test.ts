/** Plans and allowances without Stripe, on SQLite. */
import { describeCustomerPlan } from './customer-plan.case.ts';

describeCustomerPlan('sqlite');
