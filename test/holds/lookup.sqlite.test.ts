/** Hold lookup and entitlements on SQLite (the suite: lookup.case.ts). */
import { describeHoldLookup } from './lookup.case.ts';

describeHoldLookup('SQLite', undefined);
