/** Issue 11 item 1 on PostgreSQL (the suite: every-route.case.ts). */
import { describeIdempotencyOn } from './every-route.case.ts';

describeIdempotencyOn('postgres');
