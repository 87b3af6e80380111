/** Auto top-up on SQLite (the suite: auto-top-up.case.ts). */
import { describeAutoTopUp } from './auto-top-up.case.ts';

describeAutoTopUp('SQLite');
