/**
 * The storage interface the engine writes through. A dialect provides a `SqlDriver` and the
 * transaction mechanics; every query is shared SQL in `src/store/sql/`, bound to the
 * transaction's driver by `bindQueries`. Nothing but the engine calls `write`.
 */
import { type Dialect, type SqlDriver, watchWrites } from './driver.ts';
import { createAccessQueries } from './sql/access.ts';
import { createAllowanceQueries } from './sql/allowance.ts';
import { createAnalyticsQueries } from './sql/analytics.ts';
import { createAnalyticsFoldQueries } from './sql/analytics-fold.ts';
import { createAutoTopUpQueries } from './sql/auto-top-ups.ts';
import { createCatalogVersionQueries } from './sql/catalog-versions.ts';
import { createChargeQueries } from './sql/charges.ts';
import { createCurrentSubscriptionQueries } from './sql/current-subscriptions.ts';
import { createCustomerQueries } from './sql/customers.ts';
import { createDisputeQueries } from './sql/disputes.ts';
import { createHoldQueries } from './sql/holds.ts';
import { createIdempotencyQueries } from './sql/idempotency.ts';
import { createJournalQueries } from './sql/journal.ts';
import { createLotQueries } from './sql/lots.ts';
import { createOutboxQueries } from './sql/outbox.ts';
import { createPaymentQueries } from './sql/payments.ts';
import { createPublicPageQueries } from './sql/public-pages.ts';
import { createQuotaQueries } from './sql/quotas.ts';
import { ReadAhead } from './sql/read-ahead.ts';
import { createRetentionQueries } from './sql/retention.ts';
import { createRewardQueries } from './sql/rewards.ts';
import { createTenantKeyQueries } from './sql/tenant-keys.ts';
import { createTenantQueries } from './sql/tenants.ts';
import { createTestCheckoutQueries } from './sql/test-checkouts.ts';
import { createUsageQueries } from './sql/usage.ts';
import { createWarningQueries } from './sql/warnings.ts';
import { createWebhookQueries } from './sql/webhooks.ts';

/**
 * What a write transaction is about. PostgreSQL locks the named customers' rows (in id
 * order) before running the work; SQLite's single writer already serializes everything.
 */
export interface WriteScope {
  readonly tenantId: string;
  readonly customerIds?: readonly string[];
  /**
   * A hold whose customer the write is about (commit, void): PostgreSQL locks that customer's
   * row by the hold, before anything is read, so the hold is read under its customer's lock.
   * Not given with `customerIds`.
   */
  readonly holdId?: string;
  /**
   * A payment whose granted lot's customer the write is about (claw-backs, disputes):
   * PostgreSQL locks the lot's owner before anything is read. Not given with the others.
   */
  readonly paymentRef?: string;
  /**
   * The idempotency key the write records its answer under. PostgreSQL serializes every
   * transaction of one (tenant, key) on it before anything else, so two concurrent requests
   * with one key never both find it unused.
   */
  readonly idempotencyKey?: string;
}

/** Every query, bound to one transaction. */
export interface StoreTx {
  readonly tenants: ReturnType<typeof createTenantQueries>;
  readonly customers: ReturnType<typeof createCustomerQueries>;
  readonly lots: ReturnType<typeof createLotQueries>;
  readonly holds: ReturnType<typeof createHoldQueries>;
  readonly charges: ReturnType<typeof createChargeQueries>;
  readonly journal: ReturnType<typeof createJournalQueries>;
  readonly idempotency: ReturnType<typeof createIdempotencyQueries>;
  readonly quotas: ReturnType<typeof createQuotaQueries>;
  readonly warnings: ReturnType<typeof createWarningQueries>;
  readonly outbox: ReturnType<typeof createOutboxQueries>;
  readonly usage: ReturnType<typeof createUsageQueries>;
  readonly rewards: ReturnType<typeof createRewardQueries>;
  readonly access: ReturnType<typeof createAccessQueries>;
  readonly tenantKeys: ReturnType<typeof createTenantKeyQueries>;
  readonly allowance: ReturnType<typeof createAllowanceQueries>;
  readonly webhooks: ReturnType<typeof createWebhookQueries>;
  readonly payments: ReturnType<typeof createPaymentQueries>;
  readonly disputes: ReturnType<typeof createDisputeQueries>;
  readonly subscriptions: ReturnType<typeof createCurrentSubscriptionQueries>;
  readonly catalogs: ReturnType<typeof createCatalogVersionQueries>;
  readonly testCheckouts: ReturnType<typeof createTestCheckoutQueries>;
  readonly retention: ReturnType<typeof createRetentionQueries>;
  readonly publicPages: ReturnType<typeof createPublicPageQueries>;
  readonly analytics: ReturnType<typeof createAnalyticsQueries>;
  readonly analyticsFold: ReturnType<typeof createAnalyticsFoldQueries>;
  readonly autoTopUps: ReturnType<typeof createAutoTopUpQueries>;
}

/**
 * What a write function answers to have its writes rolled back: the store rolls the
 * transaction back and answers `value`. The store never looks inside an answer to decide.
 */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

export interface Store {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one write transaction and answers its value after the commit is durable.
   * If `fn` throws, its writes are rolled back and the throw re-thrown; if it answers a
   * `Rollback`, they are rolled back and the rollback's value answered. `fn` may run more
   * than once (a retried serialization failure; a SQLite group commit replaying a batch), so
   * it must not have effects outside the store, nor wait on anything but the store. Engine
   * code goes through `runUseCase` (`engine/transaction.ts`), not through this.
   */
  write<T>(scope: WriteScope, fn: (tx: StoreTx) => Promise<T | Rollback<T>>): Promise<T>;
  /** Runs `fn` on a consistent snapshot of committed data. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** The raw driver, outside any transaction: migrations, benchmarks, tests only. */
  readonly raw: SqlDriver;
  close(): Promise<void>;
}

/** Binds every query of the SQL layer to one driver (a connection or a transaction). */
export function bindQueries(driver: SqlDriver): StoreTx {
  const ahead = new ReadAhead();
  const db = watchWrites(driver, () => ahead.forget());
  return {
    tenants: createTenantQueries(db, ahead),
    customers: createCustomerQueries(db, ahead),
    lots: createLotQueries(db),
    holds: createHoldQueries(db, ahead),
    charges: createChargeQueries(db),
    journal: createJournalQueries(db),
    idempotency: createIdempotencyQueries(db, ahead),
    quotas: createQuotaQueries(db),
    warnings: createWarningQueries(db),
    outbox: createOutboxQueries(db),
    usage: createUsageQueries(db),
    rewards: createRewardQueries(db),
    access: createAccessQueries(db),
    tenantKeys: createTenantKeyQueries(db),
    allowance: createAllowanceQueries(db),
    webhooks: createWebhookQueries(db),
    payments: createPaymentQueries(db),
    disputes: createDisputeQueries(db),
    subscriptions: createCurrentSubscriptionQueries(db),
    catalogs: createCatalogVersionQueries(db),
    testCheckouts: createTestCheckoutQueries(db),
    retention: createRetentionQueries(db),
    publicPages: createPublicPageQueries(db),

    analytics: createAnalyticsQueries(db),
    analyticsFold: createAnalyticsFoldQueries(db),
    autoTopUps: createAutoTopUpQueries(db),
  };
}
