/** The outgoing webhook engine suites on PostgreSQL (a fresh schema per store on TEST_DATABASE_URL). */
import { describe } from 'vitest';
import { runWebhookQueueSuite } from '../../test/engine/webhook-queue.case.ts';
import { runWebhookEndpointSuite } from '../../test/engine/webhooks.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';

describe.skipIf(SKIP_POSTGRES)('outgoing webhooks on postgres', () => {
  runWebhookEndpointSuite('postgres', () => makePostgresStore());
  runWebhookQueueSuite('postgres', () => makePostgresStore());
});
