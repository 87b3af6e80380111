/** The outgoing webhook engine suites on SQLite files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runWebhookQueueSuite } from '../../test/engine/webhook-queue.case.ts';
import { runWebhookEndpointSuite } from '../../test/engine/webhooks.case.ts';
import { openSqliteStore } from '../store/sqlite/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-webhooks-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const makeStore = async () => openSqliteStore(join(dir, `w${++n}.db`));

runWebhookEndpointSuite('sqlite', makeStore);
runWebhookQueueSuite('sqlite', makeStore);
