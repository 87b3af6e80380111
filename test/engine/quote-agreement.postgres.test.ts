/** A quote agrees with the authorize right after it, on PostgreSQL (the suite: quote-agreement.case.ts). */
import { makePostgresStore, SKIP_POSTGRES } from '../support/databases.ts';
import { describeQuoteAgreement } from './quote-agreement.case.ts';

describeQuoteAgreement('PostgreSQL', () => makePostgresStore(), SKIP_POSTGRES);
