/**
 * The built-in route list, in the order the reference shows them. `buildApp` registers these
 * and then any `routes` passed to it (checkout and Stripe webhooks plug in that way).
 */
import type { AnyRoute } from '../route.ts';
import { affordabilityRoutes } from './affordability.ts';

import { analyticsRoutes } from './analytics.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { autoTopUpRoutes } from './auto-top-up.ts';
import { batchRoutes } from './batches.ts';
import { catalogRoutes } from './catalog.ts';
import { catalogVersionRoutes } from './catalog-versions.ts';
import { chargeRoutes } from './charges.ts';
import { checkoutRoutes } from './checkout.ts';
import { customerOperationRoutes } from './customer-operations.ts';
import { customerPlanRoutes } from './customer-plan.ts';
import { customerRoutes } from './customers.ts';
import { dashboardRoutes } from './dashboard.ts';
import { docsRoutes } from './docs.ts';
import { faviconRoutes } from './favicon.ts';
import { grantRoutes } from './grants.ts';
import { healthRoutes } from './health.ts';
import { holdJobRoutes } from './hold-jobs.ts';
import { holdRoutes } from './holds.ts';
import { landingRoutes } from './landing.ts';
import { ledgerRoutes } from './ledger.ts';
import { metricsRoutes } from './metrics.ts';
import { operatorSessionRoutes } from './operator-session.ts';
import { publicCatalogRoutes } from './public-catalog.ts';
import { quoteRoutes } from './quotes.ts';
import { rewardRoutes } from './rewards.ts';
import { sessionRoutes } from './sessions.ts';
import { stripeEventRoutes } from './stripe-events.ts';
import { stripeWebhookRoutes } from './stripe-webhook.ts';
import { tenantKeyRoutes } from './tenant-keys.ts';
import { testCheckoutRoutes } from './test-checkout.ts';
import { testPlanChangeRoutes } from './test-plan-change.ts';
import { usageRoutes } from './usage.ts';
import { webhookEndpointRoutes } from './webhook-endpoints.ts';

/** Every built-in route. */
export function listDefaultRoutes(): AnyRoute[] {
  return [
    ...customerRoutes,
    ...affordabilityRoutes,

    ...customerOperationRoutes,
    ...customerPlanRoutes,
    ...ledgerRoutes,
    ...sessionRoutes,
    ...quoteRoutes,
    ...holdRoutes,
    ...holdJobRoutes,
    ...chargeRoutes,
    ...batchRoutes,
    ...grantRoutes,
    ...rewardRoutes,
    ...apiKeyRoutes,
    ...tenantKeyRoutes,
    ...checkoutRoutes,
    ...autoTopUpRoutes,
    ...stripeWebhookRoutes,
    ...stripeEventRoutes,
    ...testCheckoutRoutes,
    ...testPlanChangeRoutes,
    ...webhookEndpointRoutes,
    ...usageRoutes,
    ...analyticsRoutes,
    ...operatorSessionRoutes,
    ...catalogRoutes,
    ...catalogVersionRoutes,
    ...publicCatalogRoutes,
    ...landingRoutes,
    ...healthRoutes,
    ...metricsRoutes,
    ...docsRoutes,
    ...dashboardRoutes,
    ...faviconRoutes,
  ];
}
