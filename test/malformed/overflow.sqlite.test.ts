import { makeSqliteStore } from '../../src/http/testing.ts';
import { describeOverflowOn } from './overflow.case.ts';

describeOverflowOn('SQLite', async () => makeSqliteStore().store, false);
