/** Batch partial commit on PostgreSQL (the suite: partial-commit.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeBatchPartialCommit } from './partial-commit.case.ts';

describeBatchPartialCommit('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
