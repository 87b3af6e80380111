/** The outgoing webhook engine suites on SQLite files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../store/sqlite/store.ts';
import { runWebhookQueueSuite } from './suite-webhook-queue.ts';
import { runWebhookEndpointSuite } from './suite-webhooks.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-webhooks-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const makeStore = async () => openSqliteStore(join(dir, `w${++n}.db`));

runWebhookEndpointSuite('sqlite', makeStore);
runWebhookQueueSuite('sqlite', makeStore);
