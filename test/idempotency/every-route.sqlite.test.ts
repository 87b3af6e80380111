/** Issue 11 item 1 on SQLite (the suite: every-route.case.ts). */
import { describeIdempotencyOn, describeRouteCoverage } from './every-route.case.ts';

describeRouteCoverage();
describeIdempotencyOn('sqlite');
