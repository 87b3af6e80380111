/** The Stripe webhook route suite on PostgreSQL (TEST_DATABASE_URL; skipped without it, except on CI). */

import { describeStripeWebhookRoute } from '../../test/http/stripe-webhook.case.ts';
import { makePostgresStore, SKIP_POSTGRES } from '../../test/support/databases.ts';

describeStripeWebhookRoute('postgres', () => makePostgresStore(), SKIP_POSTGRES);
