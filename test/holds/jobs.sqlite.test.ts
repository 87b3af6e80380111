/** Holds that follow the provider's job on SQLite (the suite: jobs.case.ts). */
import { describeHoldJobs } from './jobs.case.ts';

describeHoldJobs('SQLite', undefined);
