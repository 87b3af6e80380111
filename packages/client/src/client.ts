/**
 * `createTollgate({ baseUrl, apiKey })`: a typed client for the whole API, grouped by resource
 * as the reference page is, plus `generate()` for the authorize → run → commit/void cycle.
 * Mutations take an optional `idempotencyKey`; without one the client makes one per call and
 * reuses it on every retry, so a retried request never charges twice.
 */
import type {
  Adjustment,
  AdjustParams,
  AnalyticsParams,
  ConversionAnalytics,
  CreditAnalytics,
  CustomerFlag,
  CustomerList,
  ListCustomersParams,
  MarginAnalytics,
  Projections,
  RevenueAnalytics,
  UsageAnalytics,
} from './analytics-types.ts';
import { type GenerateRequest, type GenerateRun, runGeneration } from './generate.ts';
import { type CallOptions, createTransport, type TransportOptions } from './transport.ts';
import type {
  Affordability,
  ApiKey,
  ApiKeyVerification,
  AutoTopUp,
  AutoTopUpSetup,
  AutoTopUpSetupParams,
  Batch,
  BatchQuote,
  Capture,
  CaptureHoldParams,
  CatalogAnswer,
  CatalogPublished,
  CatalogVersionList,
  ChangePlanParams,
  Checkout,
  CheckoutParams,
  CreateApiKeyParams,
  CreateBatchParams,
  CreateChargeParams,
  CreateCustomerParams,
  CreateGrantParams,
  CreateHoldParams,
  CreateTenantKeyParams,
  CreateWebhookEndpointParams,
  CustomerCreated,
  CustomerSummary,
  ExtendHoldParams,
  GenerationParams,
  Grant,
  Hold,
  HoldInfo,
  HoldPage,
  LedgerPage,
  ListHoldsParams,
  MonthEstimate,
  MonthEstimateParams,
  PlanChange,
  PortalLink,
  PortalParams,
  PublicCatalog,
  PublicPage,
  PublicPageParams,
  PublicSample,
  Quote,
  QuoteParams,
  Receipt,
  Refund,
  RefundParams,
  Reward,
  RewardKind,
  Session,
  SetAutoTopUpParams,
  TenantKey,
  TenantKeyList,
  Usage,
  UsageQuery,
  VoidedHold,
  WebhookDeliveriesQuery,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointList,
} from './types.ts';

export type TollgateOptions = TransportOptions;

const enc = encodeURIComponent;
const m = (options?: CallOptions) => ({ ...options, idempotent: true });

function toQuery(params: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | number][];
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${enc(k)}=${enc(String(v))}`).join('&')}`;
}

/** Creates a client for one key (a tenant secret key, or a customer session token in browsers). */
export function createTollgate(options: TollgateOptions) {
  const t = createTransport(options);
  const client = {
    customers: {
      create: (p: CreateCustomerParams, o?: CallOptions) =>
        t.request<CustomerCreated>('POST', '/v1/customers', p, m(o)),
      /** Another plan; with `grant_allowance: true` its monthly credits start a period now. */
      changePlan: (id: string, p: ChangePlanParams, o?: CallOptions) =>
        t.request<PlanChange>('POST', `/v1/customers/${enc(id)}/plan`, p, m(o)),
      get: (id: string) => t.request<CustomerSummary>('GET', `/v1/customers/${enc(id)}`),
      /** How many more generations of each model the customer can afford (one `category` or `model` if named). */
      affordability: (id: string, q: { category?: string; model?: string } = {}) =>
        t.request<Affordability>('GET', `/v1/customers/${enc(id)}/affordability${toQuery(q)}`),
      ledger: (id: string, q: { cursor?: string; limit?: number } = {}) =>
        t.request<LedgerPage>('GET', `/v1/customers/${enc(id)}/ledger${toQuery(q)}`),
      createSession: (id: string, p: { ttl_seconds?: number } = {}) =>
        t.request<Session>('POST', `/v1/customers/${enc(id)}/sessions`, p),
      claimReward: (id: string, kind: RewardKind, o?: CallOptions) =>
        t.request<Reward>('POST', `/v1/customers/${enc(id)}/rewards/${enc(kind)}`, undefined, m(o)),
      /** Newest first; `query` is an id or email prefix; page with `next_cursor`. */
      list: (q: ListCustomersParams = {}) =>
        t.request<CustomerList>('GET', `/v1/customers${toQuery({ ...q })}`),
      /** The customer's API keys (prefixes and names; revoked ones too). */
      apiKeys: (id: string) =>
        t.request<{ object: 'list'; data: ApiKey[] }>('GET', `/v1/customers/${enc(id)}/api-keys`),
      flag: (id: string, p: { reason?: string | null } = {}, o?: CallOptions) =>
        t.request<CustomerFlag>('POST', `/v1/customers/${enc(id)}/flag`, p, m(o)),
      unflag: (id: string, p: { reason?: string | null } = {}, o?: CallOptions) =>
        t.request<CustomerFlag>('POST', `/v1/customers/${enc(id)}/unflag`, p, m(o)),
      /** A signed correction with a reason (negative takes credits, never below zero). */
      adjust: (id: string, p: AdjustParams, o?: CallOptions) =>
        t.request<Adjustment>('POST', `/v1/customers/${enc(id)}/adjustments`, p, m(o)),
      /** Auto top-up: one `pack` (or `credits`) when available falls under `threshold`, within `monthly_limit_cents`. */
      setAutoTopUp: (id: string, p: SetAutoTopUpParams, o?: CallOptions) =>
        t.request<AutoTopUp>('PUT', `/v1/customers/${enc(id)}/auto-top-up`, p, m(o)),
      getAutoTopUp: (id: string) => t.request<AutoTopUp>('GET', `/v1/customers/${enc(id)}/auto-top-up`),
      /** Turns auto top-up off; the rule and the saved card are kept. */
      disableAutoTopUp: (id: string, o?: CallOptions) =>
        t.request<AutoTopUp>('DELETE', `/v1/customers/${enc(id)}/auto-top-up`, undefined, m(o)),
      /** A Stripe Checkout in setup mode that saves the card auto top-up charges. */
      setUpAutoTopUp: (id: string, p: AutoTopUpSetupParams = {}, o?: CallOptions) =>
        t.request<AutoTopUpSetup>('POST', `/v1/customers/${enc(id)}/auto-top-up/setup`, p, m(o)),
    },
    quotes: {
      create: (p: QuoteParams & { model: string }) => t.request<Quote>('POST', '/v1/quotes', p),
      createBatch: (p: QuoteParams & { customer: string; items: NonNullable<QuoteParams['items']> }) =>
        t.request<BatchQuote>('POST', '/v1/quotes', p),
    },
    holds: {
      /**
       * Authorize. With `parent_hold` the hold draws from that hold's `budget_left` (an agent
       * run's budget that its sub-agents share) instead of from the customer's lots.
       */
      create: (p: CreateHoldParams, o?: CallOptions) => t.request<Hold>('POST', '/v1/holds', p, m(o)),
      commit: (id: string, p: { usage?: GenerationParams } = {}, o?: CallOptions) =>
        t.request<Receipt>('POST', `/v1/holds/${enc(id)}/commit`, p, m(o)),
      void: (id: string, o?: CallOptions) =>
        t.request<VoidedHold>('POST', `/v1/holds/${enc(id)}/void`, undefined, m(o)),
      /** Gives an active hold `ttl_seconds` more from now, up to the catalog's `max_hold_seconds`. */
      extend: (id: string, p: ExtendHoldParams, o?: CallOptions) =>
        t.request<VoidedHold>('POST', `/v1/holds/${enc(id)}/extend`, p, m(o)),
      /** Charges the usage so far; `final: false` keeps the rest held, `final: true` ends the hold. */
      capture: (id: string, p: CaptureHoldParams, o?: CallOptions) =>
        t.request<Capture>('POST', `/v1/holds/${enc(id)}/capture`, p, m(o)),
      get: (id: string) => t.request<HoldInfo>('GET', `/v1/holds/${enc(id)}`),
      list: (q: ListHoldsParams = {}) => t.request<HoldPage>('GET', `/v1/holds${toQuery(q)}`),
    },
    /** Settle a hold by the provider's job id it was placed with (a provider callback needs no hold id). */
    jobs: {
      commit: (jobId: string, p: { usage?: GenerationParams } = {}, o?: CallOptions) =>
        t.request<Receipt>('POST', `/v1/jobs/${enc(jobId)}/commit`, p, m(o)),
      void: (jobId: string, o?: CallOptions) =>
        t.request<VoidedHold>('POST', `/v1/jobs/${enc(jobId)}/void`, undefined, m(o)),
    },
    charges: {
      create: (p: CreateChargeParams, o?: CallOptions) => t.request<Receipt>('POST', '/v1/charges', p, m(o)),
      refund: (id: string, p: RefundParams = {}, o?: CallOptions) =>
        t.request<Refund>('POST', `/v1/charges/${enc(id)}/refund`, p, m(o)),
    },
    batches: {
      create: (p: CreateBatchParams, o?: CallOptions) => t.request<Batch>('POST', '/v1/batches', p, m(o)),
    },
    grants: {
      create: (p: CreateGrantParams, o?: CallOptions) => t.request<Grant>('POST', '/v1/grants', p, m(o)),
    },
    apiKeys: {
      create: (p: CreateApiKeyParams, o?: CallOptions) => t.request<ApiKey>('POST', '/v1/api-keys', p, m(o)),
      verify: (key: string) => t.request<ApiKeyVerification>('POST', '/v1/api-keys/verify', { key }),
      revoke: (id: string, o?: CallOptions) =>
        t.request<ApiKey>('DELETE', `/v1/api-keys/${enc(id)}`, undefined, m(o)),
    },
    tenantKeys: {
      /** Mints another secret key for your tenant; `key` is in this answer only. */
      create: (p: CreateTenantKeyParams = {}, o?: CallOptions) =>
        t.request<TenantKey>('POST', '/v1/tenant-keys', p, m(o)),
      list: () => t.request<TenantKeyList>('GET', '/v1/tenant-keys'),
      /** Every server refuses the key within 5 seconds. */
      revoke: (id: string, o?: CallOptions) =>
        t.request<TenantKey>('DELETE', `/v1/tenant-keys/${enc(id)}`, undefined, m(o)),
    },
    checkout: {
      /** A Stripe Checkout URL (or the local TEST MODE page without Stripe keys); credits come with the webhook. */
      create: (p: CheckoutParams, o?: CallOptions) => t.request<Checkout>('POST', '/v1/checkout', p, m(o)),
      portal: (p: PortalParams) => t.request<PortalLink>('POST', '/v1/checkout/portal', p),
    },
    webhookEndpoints: {
      create: (p: CreateWebhookEndpointParams, o?: CallOptions) =>
        t.request<WebhookEndpoint>('POST', '/v1/webhook-endpoints', p, m(o)),
      list: () => t.request<WebhookEndpointList>('GET', '/v1/webhook-endpoints'),
      delete: (id: string, o?: CallOptions) =>
        t.request<WebhookEndpoint>('DELETE', `/v1/webhook-endpoints/${enc(id)}`, undefined, m(o)),
    },
    webhookDeliveries: {
      list: (q: WebhookDeliveriesQuery = {}) =>
        t.request<WebhookDeliveryList>('GET', `/v1/webhook-deliveries${toQuery({ ...q })}`),
      replay: (id: string, o?: CallOptions) =>
        t.request<WebhookDelivery>('POST', `/v1/webhook-deliveries/${enc(id)}/replay`, undefined, m(o)),
    },
    usage: {
      get: (q: UsageQuery = {}) => t.request<Usage>('GET', `/v1/usage${toQuery({ ...q })}`),
    },
    /** Operator analytics over whole UTC days (docs/analytics.md); a tenant secret key. */
    analytics: {
      usage: (q: AnalyticsParams = {}) =>
        t.request<UsageAnalytics>('GET', `/v1/analytics/usage${toQuery({ ...q })}`),
      credits: (q: AnalyticsParams = {}) =>
        t.request<CreditAnalytics>('GET', `/v1/analytics/credits${toQuery({ ...q })}`),
      revenue: (q: AnalyticsParams = {}) =>
        t.request<RevenueAnalytics>('GET', `/v1/analytics/revenue${toQuery({ ...q })}`),
      margins: (q: AnalyticsParams = {}) =>
        t.request<MarginAnalytics>('GET', `/v1/analytics/margins${toQuery({ ...q })}`),
      conversion: (q: AnalyticsParams = {}) =>
        t.request<ConversionAnalytics>('GET', `/v1/analytics/conversion${toQuery({ ...q })}`),
      projections: (q: AnalyticsParams = {}) =>
        t.request<Projections>('GET', `/v1/analytics/projections${toQuery({ ...q })}`),
    },
    catalog: {
      get: () => t.request<CatalogAnswer>('GET', '/v1/catalog'),
      /** Publishes a catalog file (YAML or JSON text) as the tenant's current version. */
      publish: (text: string, o?: CallOptions) =>
        t.request<CatalogPublished>('PUT', '/v1/catalog', text, { ...m(o), contentType: 'application/yaml' }),
      versions: () => t.request<CatalogVersionList>('GET', '/v1/catalog/versions'),
      /** The public page settings: the slug the catalog is published under (issue 15). */
      publicPage: () => t.request<PublicPage>('GET', '/v1/catalog/public'),
      /** Publishes the catalog under a public slug (`slug: null` unpublishes). */
      setPublicPage: (p: PublicPageParams) => t.request<PublicPage>('PUT', '/v1/catalog/public', p),
    },
    /** A published catalog and its calculator; no key needed (issue 15). */
    publicCatalogs: {
      get: (slug: string) => t.request<PublicCatalog>('GET', `/v1/public/catalogs/${enc(slug)}`),
      sample: (slug: string, model: string) =>
        t.request<PublicSample>('GET', `/v1/public/catalogs/${enc(slug)}/samples/${enc(model)}`),
      estimate: (slug: string, p: MonthEstimateParams) =>
        t.request<MonthEstimate>('POST', `/v1/public/catalogs/${enc(slug)}/estimates`, p),
    },
    health: () => t.request<{ status: 'ok'; database: string }>('GET', '/healthz'),
    /**
     * Wraps one generation: holds credits, runs `run(hold)`, commits the usage it answers (or
     * the quoted usage when it answers nothing), voids the hold if it throws and rethrows.
     */
    generate: (request: GenerateRequest, run: GenerateRun) => runGeneration(client, request, run),
  };
  return client;
}

export type TollgateClient = ReturnType<typeof createTollgate>;
