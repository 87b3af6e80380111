/** A subscriber's checkout for another plan changes their subscription, on SQLite. */
import { describePlanChange } from './plan-change.case.ts';

describePlanChange('sqlite');
