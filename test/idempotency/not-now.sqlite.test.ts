/** 429 refusals are not recorded, on SQLite (the suite: not-now.case.ts). */
import { describeNotNow } from './not-now.case.ts';

describeNotNow('SQLite', undefined);
