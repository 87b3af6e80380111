/** One plan subscription per customer, on SQLite. */
import { describeOneSubscription } from './one-subscription.case.ts';

describeOneSubscription('sqlite');
