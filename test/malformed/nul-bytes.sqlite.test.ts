import { makeSqliteStore } from '../../src/http/testing.ts';
import { describeNulBytesOn } from './nul-bytes.case.ts';

describeNulBytesOn('SQLite', async () => makeSqliteStore().store, false);
