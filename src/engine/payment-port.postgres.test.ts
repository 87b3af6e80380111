/**
 * The payment port contract and the engine-only payment tests on PostgreSQL: each store is a
 * fresh schema on the TEST_DATABASE_URL server, dropped when the store closes.
 */
import { describe } from 'vitest';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { makeEngineSubject } from './suite-payment-subjects.ts';
import { runPaymentContractSuite } from './suite-payments.ts';
import { runPaymentEngineSuite } from './suite-payments-engine.ts';

describe.skipIf(SKIP_POSTGRES)('payments on postgres', () => {
  runPaymentContractSuite('engine on postgres', () => makeEngineSubject(() => makePostgresStore()));
  runPaymentEngineSuite('postgres', () => makePostgresStore());
});
