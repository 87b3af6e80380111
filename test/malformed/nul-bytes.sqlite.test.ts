import { makeSqliteStore } from '../support/http-app.ts';
import { describeNulBytesOn } from './nul-bytes.case.ts';

describeNulBytesOn('SQLite', async () => makeSqliteStore().store, false);
