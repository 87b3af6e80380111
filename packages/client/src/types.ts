/**
 * The API's request and answer types for client code. Type-only imports of the server's zod
 * schemas and presenters: erased at build time, so nothing server-side reaches a browser.
 */
import type { z } from 'zod';
import type { BatchJson, CaptureJson, HoldJson, ReceiptJson } from '../../../src/http/present.ts';
import type {
  catalogPublishedSchema,
  catalogVersionListSchema,
} from '../../../src/http/routes/catalog-versions.ts';
import type { checkoutBody, checkoutSchema, portalBody } from '../../../src/http/routes/checkout.ts';
import type {
  autoTopUpSchema,
  autoTopUpSetupBody,
  autoTopUpStateSchema,
  setAutoTopUpBody,
  setupCheckoutSchema,
} from '../../../src/http/schemas/auto-top-up.ts';
import type { GenerationParamsJson } from '../../../src/http/schemas/common.ts';
import type {
  estimateBody,
  monthEstimateSchema,
  pageBody,
  publicCatalogSchema,
  publicPageSchema,
  publicSampleSchema,
} from '../../../src/http/schemas/public-catalog.ts';
import type {
  captureHoldBody,
  changePlanBody,
  createApiKeyBody,
  createBatchBody,
  createChargeBody,
  createCustomerBody,
  createGrantBody,
  createHoldBody,
  extendHoldBody,
  listHoldsQuery,
  quoteBody,
  refundChargeBody,
} from '../../../src/http/schemas/requests.ts';
import type {
  createTenantKeyBody,
  tenantKeyListSchema,
  tenantKeySchema,
} from '../../../src/http/schemas/tenant-keys.ts';
import type {
  createWebhookEndpointBody,
  webhookDeliveriesQuery,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from '../../../src/http/schemas/webhooks.ts';

export type {
  AffordabilityJson as Affordability,
  ApiKeyJson as ApiKey,
  BatchQuoteJson as BatchQuote,
  CustomerCreatedJson as CustomerCreated,
  CustomerJson as Customer,
  CustomerSummaryJson as CustomerSummary,
  GrantJson as Grant,
  HoldInfoJson as HoldInfo,
  HoldPageJson as HoldPage,
  LedgerJson as LedgerPage,
  PlanChangeJson as PlanChange,
  QuoteJson as Quote,
  RefundJson as Refund,
  RewardJson as Reward,
  UsageJson as Usage,
  VerdictJson as ApiKeyVerification,
  VoidJson as VoidedHold,
} from '../../../src/http/present.ts';

/** What an authorize, batch, commit, capture or charge answer shows of the customer's auto top-up (null when never set). */
export type AutoTopUpState = z.infer<typeof autoTopUpStateSchema>;
type WithAutoTopUp<T> = T & { readonly auto_top_up: AutoTopUpState };
/** An authorize answer: the hold, the balance after it, warnings and the auto top-up. */
export type Hold = WithAutoTopUp<HoldJson>;
export type Receipt = WithAutoTopUp<ReceiptJson>;
export type Capture = WithAutoTopUp<CaptureJson>;
export type Batch = WithAutoTopUp<BatchJson & { readonly customer_id: string }>;

/** Generation parameters in the CLI's words (`duration`, `variant`, `input_tokens`, ...). */
export type GenerationParams = GenerationParamsJson;

export type CreateCustomerParams = z.input<typeof createCustomerBody>;
export type ChangePlanParams = z.input<typeof changePlanBody>;
export type QuoteParams = z.input<typeof quoteBody>;
export type CreateHoldParams = z.input<typeof createHoldBody>;
export type ExtendHoldParams = z.input<typeof extendHoldBody>;
export type CaptureHoldParams = z.input<typeof captureHoldBody>;
export type ListHoldsParams = z.output<typeof listHoldsQuery>;
export type CreateChargeParams = z.input<typeof createChargeBody>;
export type RefundParams = z.input<typeof refundChargeBody>;
export type CreateGrantParams = z.input<typeof createGrantBody>;
export type CreateBatchParams = z.input<typeof createBatchBody>;
export type CreateApiKeyParams = z.input<typeof createApiKeyBody>;
export type CatalogPublished = z.infer<typeof catalogPublishedSchema>;
export type CatalogVersionList = z.infer<typeof catalogVersionListSchema>;
export type PublicCatalog = z.infer<typeof publicCatalogSchema>;
export type PublicSample = z.infer<typeof publicSampleSchema>;
export type MonthEstimate = z.infer<typeof monthEstimateSchema>;
export type MonthEstimateParams = z.input<typeof estimateBody>;
export type PublicPage = z.infer<typeof publicPageSchema>;
export type PublicPageParams = z.input<typeof pageBody>;
export type CheckoutParams = z.input<typeof checkoutBody>;
export type Checkout = z.infer<typeof checkoutSchema>;
export type PortalParams = z.input<typeof portalBody>;
export type SetAutoTopUpParams = z.input<typeof setAutoTopUpBody>;
export type AutoTopUp = z.infer<typeof autoTopUpSchema>;
export type AutoTopUpSetupParams = z.input<typeof autoTopUpSetupBody>;
export type AutoTopUpSetup = z.infer<typeof setupCheckoutSchema>;
export interface PortalLink {
  readonly object: 'billing_portal_session';
  readonly url: string;
  readonly customer: string;
}
export type CreateTenantKeyParams = z.input<typeof createTenantKeyBody>;
export type TenantKey = z.infer<typeof tenantKeySchema>;
export type TenantKeyList = z.infer<typeof tenantKeyListSchema>;
export type CreateWebhookEndpointParams = z.input<typeof createWebhookEndpointBody>;
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export type WebhookEndpointList = z.infer<typeof webhookEndpointListSchema>;
export type WebhookDeliveriesQuery = Omit<z.input<typeof webhookDeliveriesQuery>, 'limit'> & {
  readonly limit?: number;
};
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryListSchema>;
export type RewardKind = 'welcome' | 'email_verified' | 'social_share' | 'referral' | 'daily';

export interface Session {
  readonly object: 'customer_session';
  readonly token: string;
  readonly customer: string;
  readonly scopes: readonly ('read' | 'checkout')[];
  readonly expires_at: number;
}

export interface UsageQuery {
  readonly by?: 'model' | 'day' | 'customer';
  readonly from?: number | string;
  readonly to?: number | string;
}

/** The catalog answer: loosely typed, it mirrors the tenant's catalog file. */
export interface CatalogAnswer {
  readonly object: 'catalog';
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly models: readonly { id: string; name: string; category: string; [k: string]: unknown }[];
  readonly plans: readonly { id: string; name: string; [k: string]: unknown }[];
  readonly packs: readonly {
    id: string;
    name: string;
    credits: number;
    price_cents: number;
    [k: string]: unknown;
  }[];
  readonly prices: readonly {
    model_id: string;
    variant: string | null;
    unit: string;
    credits: number;
    [k: string]: unknown;
  }[];
  readonly [k: string]: unknown;
}
