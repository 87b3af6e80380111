/**
 * `createEngine`: the one object HTTP, Stripe and the CLI call. Every mutating method is
 * atomic and idempotent by key; every method answers a `Result` (expected failures are
 * values with a code and the field at fault), and throws only on bugs or a broken store.
 */

import type { Result } from '../domain/errors.ts';
import type { PaymentCommand } from '../payments/commands.ts';
import type { PaymentOutcome } from '../payments/ledger-port.ts';
import {
  createTenantKey,
  findTenantByKey,
  listTenants,
  loadSessionSecret,
  loadStripeKeys,
  saveStripeKeys,
} from './access.ts';
import { readAffordability } from './affordability.ts';
import { readConversionAnalytics } from './analytics/conversion.ts';
import { readCreditAnalytics } from './analytics/credits.ts';
import { type FoldOptions, foldAnalytics } from './analytics/fold.ts';
import { readMarginAnalytics } from './analytics/margins.ts';
import { readProjections } from './analytics/projections.ts';
import { readRevenueAnalytics } from './analytics/revenue.ts';
import { readUsageAnalytics } from './analytics/usage.ts';
import {
  type ApiKeyCreated,
  type ApiKeyInfo,
  type ApiKeyPrincipal,
  type ApiKeyVerdict,
  type CreateApiKeyInput,
  createApiKey,
  findApiKeyPrincipal,
  listCustomerApiKeys,
  revokeApiKey,
  verifyApiKey,
} from './api-keys.ts';
import { claimAutoTopUp, listStaleAutoTopUps, recordAutoTopUpCharge } from './auto-top-up-charges.ts';
import { peekAutoTopUp, readAutoTopUp, setAutoTopUp, turnOffAutoTopUp } from './auto-top-ups.ts';
import { type AuthorizeBatchInput, authorizeBatch, type BatchResult } from './batches.ts';
import {
  type CatalogPublished,
  type CatalogVersionInfo,
  listCatalogVersions,
  type PublishCatalogInput,
  publishCatalog,
} from './catalog-publish.ts';
import { chargeGeneration, commitHold } from './commit.ts';
import { createEngineContext, type EngineOptions } from './context.ts';
import { listCustomers, setCustomerFlag } from './customer-list.ts';
import { changePlan, createCustomer, saveTenant } from './customers.ts';
import { adjustBalance, clawbackLots, grantLot } from './grants.ts';
import { captureHold, commitJob, extendHold, voidJob } from './hold-jobs.ts';
import { getHold, listHolds } from './hold-reads.ts';
import { authorize, voidHold } from './holds.ts';
import { type IdempotentCall, runIdempotentOutside } from './idempotency.ts';
import { applyPaymentCommand } from './payment-port.ts';
import {
  estimatePublishedMonth,
  readPublicPage,
  readPublishedCatalog,
  setPublicPage,
} from './public-pages.ts';
import { quoteBatchForTenant, quoteForTenant, readTenantCatalog } from './quotes.ts';
import { getCustomerSummary, listLedger, readUsage } from './reads.ts';
import { refundCharge } from './refunds.ts';
import { type PruneResult, pruneRetained, type RetentionPolicy } from './retention.ts';
import { claimReward } from './rewards.ts';
import { findCurrentSubscription, findStripeCustomer, linkStripeCustomer } from './stripe-customers.ts';
import { listStripeEvents } from './stripe-events.ts';
import { sweepExpired } from './sweep.ts';
import {
  listTenantKeys,
  mintTenantKey,
  revokeTenantKey,
  revokeTenantKeyById,
  rotateSessionSecret,
} from './tenant-keys.ts';
import { findTestCheckout, markTestCheckoutPaid, openTestCheckout } from './test-checkouts.ts';
import type {
  AdjustInput,
  AdjustResult,
  AuthorizeInput,
  AuthorizeResult,
  ChangePlanInput,
  ChangePlanResult,
  ChargeInput,
  ClaimRewardInput,
  ClawbackInput,
  ClawbackResult,
  CommitInput,
  CreateCustomerInput,
  CreateTenantInput,
  CustomerCreated,
  CustomerSummary,
  GrantInput,
  GrantResult,
  LedgerPage,
  Receipt,
  RefundInput,
  RefundResult,
  RewardResult,
  SweepResult,
  TenantInfo,
  UsageTotal,
  VoidInput,
  VoidResult,
} from './types.ts';
import { rollUpUsage } from './usage-rollup.ts';
import { type VerifyReport, verifyLedger } from './verify.ts';
import { listWebhookDeliveries, replayWebhookDelivery, replayWebhookEvent } from './webhook-deliveries.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from './webhook-endpoints.ts';
import { claimWebhookDeliveries, fanOutWebhookEvents, recordWebhookAttempt } from './webhook-queue.ts';

export interface Engine {
  /** Creates a tenant with its catalog, or stores a new catalog version for it. */
  saveTenant(input: CreateTenantInput): Promise<Result<TenantInfo>>;
  createCustomer(input: CreateCustomerInput): Promise<Result<CustomerCreated>>;
  getCustomer(tenantId: string, customerId: string): Promise<Result<CustomerSummary>>;
  changePlan(input: ChangePlanInput): Promise<Result<ChangePlanResult>>;
  /** Makes a validated catalog the tenant's current version (issue 12.2). */
  publishCatalog(input: PublishCatalogInput): Promise<Result<CatalogPublished>>;
  /** Every stored catalog version of the tenant, newest first. */
  listCatalogVersions(tenantId: string): Promise<Result<CatalogVersionInfo[]>>;
  grant(input: GrantInput): Promise<Result<GrantResult>>;
  adjust(input: AdjustInput): Promise<Result<AdjustResult>>;
  clawback(input: ClawbackInput): Promise<Result<ClawbackResult>>;
  authorize(input: AuthorizeInput): Promise<Result<AuthorizeResult>>;
  commit(input: CommitInput): Promise<Result<Receipt>>;
  void(input: VoidInput): Promise<Result<VoidResult>>;
  extendHold: OmitCtx<typeof extendHold>;
  captureHold: OmitCtx<typeof captureHold>;
  commitJob: OmitCtx<typeof commitJob>;
  voidJob: OmitCtx<typeof voidJob>;
  getHold: OmitCtx<typeof getHold>;
  listHolds: OmitCtx<typeof listHolds>;
  charge(input: ChargeInput): Promise<Result<Receipt>>;
  refund(input: RefundInput): Promise<Result<RefundResult>>;
  claimReward(input: ClaimRewardInput): Promise<Result<RewardResult>>;
  listLedger(input: {
    tenantId: string;
    customerId: string;
    cursor?: string | null;
    limit?: number;
  }): Promise<Result<LedgerPage>>;
  readUsage(input: {
    tenantId: string;
    by: 'model' | 'day' | 'customer';
    from: number;
    to: number;
  }): Promise<Result<UsageTotal[]>>;
  /**
   * Runs a call whose effect is outside the store (a payment provider's, made idempotent by
   * the provider's own key) once per idempotency key: the first recorded answer is everyone's.
   */
  runOnce<T>(call: IdempotentCall, produce: () => Promise<Result<T>>): Promise<Result<T>>;
  /** Voids expired holds and expires dead lots everywhere (run it every minute or so). */
  sweepExpired(): Promise<SweepResult>;
  /** Folds pending usage deltas into the daily rollup (a background step); answers how many. */
  rollUpUsage(batchSize?: number): Promise<number>;
  /** Folds due days into the analytics rollups (a background step, analytics/fold.ts); answers how many. */
  foldAnalytics(options?: FoldOptions): Promise<number>;
  /** Deletes outbox rows, webhook deliveries, ended holds and idempotency keys past retention (retention.ts). */
  pruneRetained(policy?: RetentionPolicy): Promise<PruneResult>;
  /** Recomputes everything from the journal and checks every invariant. */
  verify(): Promise<VerifyReport>;
  // Operator analytics (issue 14 item 1): src/engine/analytics/.
  readUsageAnalytics: OmitCtx<typeof readUsageAnalytics>;
  readCreditAnalytics: OmitCtx<typeof readCreditAnalytics>;
  readRevenueAnalytics: OmitCtx<typeof readRevenueAnalytics>;
  readMarginAnalytics: OmitCtx<typeof readMarginAnalytics>;
  readConversionAnalytics: OmitCtx<typeof readConversionAnalytics>;
  readProjections: OmitCtx<typeof readProjections>;
  // Customers for operators (issue 14 item 2): src/engine/customer-list.ts.
  listCustomers: OmitCtx<typeof listCustomers>;
  setCustomerFlag: OmitCtx<typeof setCustomerFlag>;
  listStripeEvents: OmitCtx<typeof listStripeEvents>;
  listCustomerApiKeys: OmitCtx<typeof listCustomerApiKeys>;
  // Outgoing webhooks (issue 6, item 5): src/engine/webhook-endpoints.ts, webhook-deliveries.ts.
  createWebhookEndpoint: OmitCtx<typeof createWebhookEndpoint>;
  listWebhookEndpoints: OmitCtx<typeof listWebhookEndpoints>;
  deleteWebhookEndpoint: OmitCtx<typeof deleteWebhookEndpoint>;
  listWebhookDeliveries: OmitCtx<typeof listWebhookDeliveries>;
  replayWebhookDelivery: OmitCtx<typeof replayWebhookDelivery>;
  replayWebhookEvent: OmitCtx<typeof replayWebhookEvent>;
  /** Dispatcher steps (src/engine/webhook-queue.ts, driven by src/webhooks/dispatch.ts). */
  fanOutWebhookEvents: OmitCtx<typeof fanOutWebhookEvents>;
  claimWebhookDeliveries: OmitCtx<typeof claimWebhookDeliveries>;
  recordWebhookAttempt: OmitCtx<typeof recordWebhookAttempt>;
  // Access and pricing reads for the HTTP API (issue 5): src/engine/access.ts, api-keys.ts, quotes.ts, batches.ts.
  createTenantKey: OmitCtx<typeof createTenantKey>;
  findTenantByKey: OmitCtx<typeof findTenantByKey>;
  loadSessionSecret: OmitCtx<typeof loadSessionSecret>;
  listTenants: OmitCtx<typeof listTenants>;
  // Credentials (issue 11 item 7): src/engine/tenant-keys.ts.
  mintTenantKey: OmitCtx<typeof mintTenantKey>;
  listTenantKeys: OmitCtx<typeof listTenantKeys>;
  revokeTenantKey: OmitCtx<typeof revokeTenantKey>;
  revokeTenantKeyById: OmitCtx<typeof revokeTenantKeyById>;
  rotateSessionSecret: OmitCtx<typeof rotateSessionSecret>;
  saveStripeKeys: OmitCtx<typeof saveStripeKeys>;
  loadStripeKeys: OmitCtx<typeof loadStripeKeys>;
  createApiKey(input: CreateApiKeyInput): Promise<Result<ApiKeyCreated>>;
  revokeApiKey(input: {
    tenantId: string;
    idempotencyKey: string;
    keyId: string;
  }): Promise<Result<ApiKeyInfo>>;
  verifyApiKey(input: { tenantId: string; key: string }): Promise<Result<ApiKeyVerdict>>;
  /** The live customer API key a request presents (any tenant), or null. */
  findApiKeyPrincipal(key: string): Promise<ApiKeyPrincipal | null>;
  quote: OmitCtx<typeof quoteForTenant>;
  quoteBatch: OmitCtx<typeof quoteBatchForTenant>;
  readCatalog: OmitCtx<typeof readTenantCatalog>;
  /** How many more generations of each model a customer can afford (issue 17 item 5). */
  readAffordability: OmitCtx<typeof readAffordability>;

  // Public pages (issue 15, src/engine/public-pages.ts).
  setPublicPage: OmitCtx<typeof setPublicPage>;
  readPublicPage: OmitCtx<typeof readPublicPage>;
  readPublishedCatalog: OmitCtx<typeof readPublishedCatalog>;
  estimatePublishedMonth: OmitCtx<typeof estimatePublishedMonth>;
  authorizeBatch(input: AuthorizeBatchInput): Promise<Result<BatchResult>>;
  // Payments (issue 6): src/engine/payment-port.ts implements PaymentLedgerPort.
  /** Applies a verified Stripe command exactly once per event id and per payment object. */
  applyPaymentCommand(tenantId: string, command: PaymentCommand): Promise<Result<PaymentOutcome>>;
  /** The Stripe customer linked to a customer, or null; `not_found` (field `customer`) when unknown. */
  findStripeCustomer(tenantId: string, customerId: string): Promise<Result<string | null>>;
  /** The customer's current plan subscription, or null (issue 12.1); `not_found` when unknown. */
  findCurrentSubscription: OmitCtx<typeof findCurrentSubscription>;
  /** Remembers the Stripe customer made at checkout (upsert), so the next checkout reuses it. */
  linkStripeCustomer(input: {
    tenantId: string;
    customerId: string;
    stripeCustomerId: string;
  }): Promise<Result<{ stripeCustomerId: string }>>;
  // Offline TEST MODE checkouts (src/engine/test-checkouts.ts).
  openTestCheckout: OmitCtx<typeof openTestCheckout>;
  findTestCheckout: OmitCtx<typeof findTestCheckout>;
  markTestCheckoutPaid: OmitCtx<typeof markTestCheckoutPaid>;
  // Auto top-up (issue 17 item 1): src/engine/auto-top-ups.ts, auto-top-up-charges.ts.
  setAutoTopUp: OmitCtx<typeof setAutoTopUp>;
  readAutoTopUp: OmitCtx<typeof readAutoTopUp>;
  turnOffAutoTopUp: OmitCtx<typeof turnOffAutoTopUp>;
  peekAutoTopUp: OmitCtx<typeof peekAutoTopUp>;
  /** Claims a top-up for the customer when one is due (a background step, never a money use case's). */
  claimAutoTopUp: OmitCtx<typeof claimAutoTopUp>;
  recordAutoTopUpCharge: OmitCtx<typeof recordAutoTopUpCharge>;
  listStaleAutoTopUps: OmitCtx<typeof listStaleAutoTopUps>;
}

/** A use case's signature without its engine context (the first argument). */
type OmitCtx<F> = F extends (ctx: never, ...args: infer A) => infer R ? (...args: A) => R : never;

/** Builds the engine over a store, with an injected clock. */
export function createEngine(options: EngineOptions): Engine {
  const ctx = createEngineContext(options);
  return {
    saveTenant: (input) => saveTenant(ctx, input),
    createCustomer: (input) => createCustomer(ctx, input),
    getCustomer: (tenantId, customerId) => getCustomerSummary(ctx, tenantId, customerId),
    changePlan: (input) => changePlan(ctx, input),
    publishCatalog: (input) => publishCatalog(ctx, input),
    listCatalogVersions: (tenantId) => listCatalogVersions(ctx, tenantId),
    grant: (input) => grantLot(ctx, input),
    adjust: (input) => adjustBalance(ctx, input),
    clawback: (input) => clawbackLots(ctx, input),
    authorize: (input) => authorize(ctx, input),
    commit: (input) => commitHold(ctx, input),
    void: (input) => voidHold(ctx, input),
    extendHold: (input) => extendHold(ctx, input),
    captureHold: (input) => captureHold(ctx, input),
    commitJob: (input) => commitJob(ctx, input),
    voidJob: (input) => voidJob(ctx, input),
    getHold: (tenantId, holdId) => getHold(ctx, tenantId, holdId),
    listHolds: (input) => listHolds(ctx, input),
    charge: (input) => chargeGeneration(ctx, input),
    refund: (input) => refundCharge(ctx, input),
    claimReward: (input) => claimReward(ctx, input),
    listLedger: (input) => listLedger(ctx, input),
    readUsage: (input) => readUsage(ctx, input),
    runOnce: (call, produce) => runIdempotentOutside(ctx, call, produce),
    sweepExpired: () => sweepExpired(ctx),
    rollUpUsage: (batchSize?: number) => rollUpUsage(ctx, batchSize),
    foldAnalytics: (options?: FoldOptions) => foldAnalytics(ctx, options),
    pruneRetained: (policy?: RetentionPolicy) => pruneRetained(ctx, policy),
    verify: () => verifyLedger(ctx.store),
    readUsageAnalytics: (q) => readUsageAnalytics(ctx, q),
    readCreditAnalytics: (q) => readCreditAnalytics(ctx, q),
    readRevenueAnalytics: (q) => readRevenueAnalytics(ctx, q),
    readMarginAnalytics: (q) => readMarginAnalytics(ctx, q),
    readConversionAnalytics: (q) => readConversionAnalytics(ctx, q),
    readProjections: (q) => readProjections(ctx, q),
    listCustomers: (search) => listCustomers(ctx, search),
    setCustomerFlag: (input) => setCustomerFlag(ctx, input),
    listStripeEvents: (tenantId, limit) => listStripeEvents(ctx, tenantId, limit),
    listCustomerApiKeys: (tenantId, customerId) => listCustomerApiKeys(ctx, tenantId, customerId),
    createWebhookEndpoint: (input) => createWebhookEndpoint(ctx, input),
    listWebhookEndpoints: (tenantId) => listWebhookEndpoints(ctx, tenantId),
    deleteWebhookEndpoint: (input) => deleteWebhookEndpoint(ctx, input),
    listWebhookDeliveries: (input) => listWebhookDeliveries(ctx, input),
    replayWebhookDelivery: (input) => replayWebhookDelivery(ctx, input),
    replayWebhookEvent: (input) => replayWebhookEvent(ctx, input),
    fanOutWebhookEvents: (input) => fanOutWebhookEvents(ctx, input),
    claimWebhookDeliveries: (input) => claimWebhookDeliveries(ctx, input),
    recordWebhookAttempt: (input) => recordWebhookAttempt(ctx, input),
    createTenantKey: (tenantId, name) => createTenantKey(ctx, tenantId, name),
    findTenantByKey: (secretKey) => findTenantByKey(ctx, secretKey),
    loadSessionSecret: (tenantId) => loadSessionSecret(ctx, tenantId),
    listTenants: () => listTenants(ctx),
    mintTenantKey: (input) => mintTenantKey(ctx, input),
    listTenantKeys: (tenantId) => listTenantKeys(ctx, tenantId),
    revokeTenantKey: (input) => revokeTenantKey(ctx, input),
    revokeTenantKeyById: (keyId) => revokeTenantKeyById(ctx, keyId),
    rotateSessionSecret: (tenantId) => rotateSessionSecret(ctx, tenantId),
    saveStripeKeys: (tenantId, keys) => saveStripeKeys(ctx, tenantId, keys),
    loadStripeKeys: (tenantId) => loadStripeKeys(ctx, tenantId),
    createApiKey: (input) => createApiKey(ctx, input),
    revokeApiKey: (input) => revokeApiKey(ctx, input),
    verifyApiKey: (input) => verifyApiKey(ctx, input),
    findApiKeyPrincipal: (key) => findApiKeyPrincipal(ctx, key),
    quote: (input) => quoteForTenant(ctx, input),
    quoteBatch: (input) => quoteBatchForTenant(ctx, input),
    readCatalog: (tenantId) => readTenantCatalog(ctx, tenantId),
    readAffordability: (input) => readAffordability(ctx, input),

    setPublicPage: (input) => setPublicPage(ctx, input),
    readPublicPage: (tenantId) => readPublicPage(ctx, tenantId),
    readPublishedCatalog: (slug) => readPublishedCatalog(ctx, slug),
    estimatePublishedMonth: (slug, lines) => estimatePublishedMonth(ctx, slug, lines),
    authorizeBatch: (input) => authorizeBatch(ctx, input),
    applyPaymentCommand: (tenantId, command) => applyPaymentCommand(ctx, tenantId, command),
    findStripeCustomer: (tenantId, customerId) => findStripeCustomer(ctx, tenantId, customerId),
    findCurrentSubscription: (tenantId, customerId) => findCurrentSubscription(ctx, tenantId, customerId),
    linkStripeCustomer: (input) => linkStripeCustomer(ctx, input),
    openTestCheckout: (input) => openTestCheckout(ctx, input),
    findTestCheckout: (id) => findTestCheckout(ctx, id),
    markTestCheckoutPaid: (checkout) => markTestCheckoutPaid(ctx, checkout),
    setAutoTopUp: (input) => setAutoTopUp(ctx, input),
    readAutoTopUp: (tenantId, customerId) => readAutoTopUp(ctx, tenantId, customerId),
    turnOffAutoTopUp: (input) => turnOffAutoTopUp(ctx, input),
    peekAutoTopUp: (tenantId, customerId) => peekAutoTopUp(ctx, tenantId, customerId),
    claimAutoTopUp: (input) => claimAutoTopUp(ctx, input),
    recordAutoTopUpCharge: (input) => recordAutoTopUpCharge(ctx, input),
    listStaleAutoTopUps: (olderThanMs, limit) => listStaleAutoTopUps(ctx, olderThanMs, limit),
  };
}

export type { EngineOptions } from './context.ts';
