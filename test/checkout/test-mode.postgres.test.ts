/** Test checkouts and demo mode on postgres (the suite: test-mode.case.ts). */
import { describeTestMode } from './test-mode.case.ts';

describeTestMode('postgres');
