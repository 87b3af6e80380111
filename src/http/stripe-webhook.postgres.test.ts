/** The Stripe webhook route suite on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';
import { describeStripeWebhookRoute } from './stripe-webhook-suite.ts';

describeStripeWebhookRoute('postgres', () => makePostgresStore(), SKIP_POSTGRES);
