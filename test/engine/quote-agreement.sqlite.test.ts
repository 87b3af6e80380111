/** A quote agrees with the authorize right after it, on SQLite (the suite: quote-agreement.case.ts). */
import { afterAll } from 'vitest';
import { createSqliteFactory } from '../support/databases.ts';
import { describeQuoteAgreement } from './quote-agreement.case.ts';

const sqlite = createSqliteFactory();
afterAll(() => sqlite.cleanup());

describeQuoteAgreement('SQLite', sqlite.makeStore);
