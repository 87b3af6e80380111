/** One plan subscription per customer, on SQLite. */
import { describeOneSubscription } from '../../test/http/one-subscription.case.ts';

describeOneSubscription('sqlite');
