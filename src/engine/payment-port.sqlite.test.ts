/**
 * The payment port contract on the in-memory reference ledger and on the engine over SQLite
 * (same scenarios, same expected balances), plus the engine-only payment tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { makeEngineSubject, makeReferenceSubject } from '../../test/engine/payment-subjects.ts';
import { runPaymentContractSuite } from '../../test/engine/payments.case.ts';
import { runPaymentEngineSuite } from '../../test/engine/payments-engine.case.ts';
import { openSqliteStore } from '../store/sqlite/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-payments-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const makeStore = async () => openSqliteStore(join(dir, `p${++n}.db`));

runPaymentContractSuite('reference', makeReferenceSubject);
runPaymentContractSuite('engine on sqlite', () => makeEngineSubject(makeStore));
runPaymentEngineSuite('sqlite', makeStore);
