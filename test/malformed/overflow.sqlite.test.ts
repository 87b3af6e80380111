import { makeSqliteStore } from '../support/http-app.ts';
import { describeOverflowOn } from './overflow.case.ts';

describeOverflowOn('SQLite', async () => makeSqliteStore().store, false);
