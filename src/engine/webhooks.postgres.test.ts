/** The outgoing webhook engine suites on PostgreSQL (a fresh schema per store on TEST_DATABASE_URL). */
import { describe } from 'vitest';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { runWebhookQueueSuite } from './suite-webhook-queue.ts';
import { runWebhookEndpointSuite } from './suite-webhooks.ts';

describe.skipIf(SKIP_POSTGRES)('outgoing webhooks on postgres', () => {
  runWebhookEndpointSuite('postgres', () => makePostgresStore());
  runWebhookQueueSuite('postgres', () => makePostgresStore());
});
