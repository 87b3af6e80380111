/**
 * The payment port contract and the engine-only payment tests on PostgreSQL: each store is a
 * fresh schema on the TEST_DATABASE_URL server, dropped when the store closes.
 */
import { describe } from 'vitest';
import { makeEngineSubject } from '../../test/engine/payment-subjects.ts';
import { runPaymentContractSuite } from '../../test/engine/payments.case.ts';
import { runPaymentEngineSuite } from '../../test/engine/payments-engine.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';

describe.skipIf(SKIP_POSTGRES)('payments on postgres', () => {
  runPaymentContractSuite('engine on postgres', () => makeEngineSubject(() => makePostgresStore()));
  runPaymentEngineSuite('postgres', () => makePostgresStore());
});
