/** A subscriber's checkout for another plan changes their subscription, on SQLite. */
import { describePlanChange } from '../../test/http/plan-change.case.ts';

describePlanChange('sqlite');
