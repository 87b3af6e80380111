/** Batch partial commit on SQLite (the suite: partial-commit.case.ts). */
import { describeBatchPartialCommit } from './partial-commit.case.ts';

describeBatchPartialCommit('SQLite', undefined);
