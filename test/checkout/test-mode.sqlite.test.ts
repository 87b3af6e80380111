/** Test checkouts and demo mode on sqlite (the suite: test-mode.case.ts). */
import { describeTestMode } from './test-mode.case.ts';

describeTestMode('sqlite');
