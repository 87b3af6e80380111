/**
 * Rows as the engine sees them: camelCase, integers as branded numbers, JSON parsed.
 * Every row belongs to one tenant; every query that reads or writes one names the tenant.
 */

import type { Credits, Micros } from '../domain/credits.ts';
import type { PlanEntitlements } from '../domain/entitlements.ts';
import type { HoldStatus } from '../domain/holds.ts';
import type { StoredLotSource, TransactionKind } from '../domain/journal.ts';
import type { Allocation } from '../domain/lots.ts';

export interface TenantRow {
  readonly id: string;
  readonly name: string;
  readonly catalogVersion: string;
  readonly createdAt: number;
}

export interface CatalogRow {
  readonly tenantId: string;
  readonly version: string;
  /** The catalog file as the operator wrote it (YAML). */
  readonly source: string;
  /** The normalized `Catalog`, as JSON. */
  readonly normalized: string;
  readonly createdAt: number;
}

export interface CustomerRow {
  readonly tenantId: string;
  readonly id: string;
  readonly planId: string;
  readonly email: string | null;
  readonly emailVerifiedAt: number | null;
  readonly referralCode: string;
  readonly referredBy: string | null;
  readonly flagged: boolean;
  readonly overdraftLimit: Credits;
  /** Cached Σ remaining of the customer's lots (expired ones are zeroed when noticed). */
  readonly balance: Credits;
  /** Cached Σ credits of active holds. */
  readonly held: Credits;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly createdAt: number;
  /** `YYYY-MM-DD` of the last daily credit granted or found claimed; absent/null = none yet. */
  readonly dailyCreditDay?: string | null;
  /** Start of the last plan period whose allowance was granted; absent/null = none yet. */
  readonly allowanceStart?: number | null;
}

export interface LotRow {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  readonly source: StoredLotSource;
  readonly amount: Credits;
  readonly remaining: Credits;
  readonly priority: number;
  readonly expiresAt: number | null;
  readonly costBasisMicros: Micros;
  readonly reason: string | null;
  readonly ref: string | null;
  readonly createdAt: number;
}

/** What a hold took from a quota, so a void or expiry gives exactly that back. */
export interface QuotaTake {
  readonly key: string;
  readonly count: number;
  readonly month: string;
}

export interface HoldRow {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  readonly modelId: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly credits: Credits;
  /** The quote the hold was priced at (JSON of the pricing module's Quote). */
  readonly quote: Readonly<Record<string, unknown>>;
  readonly catalogVersion: string;
  readonly status: HoldStatus;
  readonly expiresAt: number;
  readonly quotaTakes: readonly QuotaTake[];
  readonly chargeId: string | null;
  readonly createdAt: number;
  readonly endedAt: number | null;
  /** The provider's job id, when the app gave one. */
  readonly jobId?: string | null;
  /** The app's own key-value notes. */
  readonly metadata?: Readonly<Record<string, string>> | null;
  /** The plan entitlements the hold was placed under (null for holds older than migration 191). */
  readonly entitlements?: PlanEntitlements | null;
  /** The customer API key the hold was placed with (migration 200); null when placed with a secret key. */
  readonly apiKeyId?: string | null;
  /** Credits charged from the hold by partial captures so far (migration 218; 0 if none). */
  readonly captured?: Credits;
  /** The hold this one draws from instead of from lots (migration 221; null for a root hold). */
  readonly parentHoldId?: string | null;
  /** Credits the hold reserved when placed (migration 221; null for holds placed before). */
  readonly placedCredits?: Credits | null;
  /** On a parent: Σ credits its active children reserve (migration 221). */
  readonly childrenHeld?: Credits;
  /** On a parent: Σ credits its children charged (migration 221). */
  readonly childrenCharged?: Credits;
}

export interface ChargeRow {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  readonly holdId: string | null;
  readonly modelId: string;
  readonly credits: Credits;
  readonly refunded: Credits;
  readonly allocations: readonly Allocation[];
  readonly providerCostMicros: Micros;
  readonly catalogVersion: string;
  readonly createdAt: number;
}

export interface JournalEntryRow {
  readonly account: string;
  readonly customerId: string | null;
  readonly lotId: string | null;
  readonly amount: Credits;
}

export interface JournalTransactionRow {
  readonly tenantId: string;
  readonly id: string;
  readonly kind: TransactionKind;
  readonly customerId: string;
  readonly ref: string | null;
  readonly createdAt: number;
  /** SHA-256 of the transaction's canonical text at write time. */
  readonly digest: string;
  readonly entries: readonly JournalEntryRow[];
}

export interface IdempotencyRow {
  readonly tenantId: string;
  readonly key: string;
  readonly operation: string;
  readonly requestHash: string;
  /** The request answered, as canonical JSON (null on rows written before migration 170). */
  readonly request: string | null;
  /** The first answer (a success or a failure Result), as JSON. */
  readonly answer: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface QuotaStateRow {
  readonly key: string;
  readonly level: number;
  readonly levelAt: number;
  readonly month: string;
  readonly monthUsed: number;
}

export interface OutboxRow {
  readonly id: string;
  readonly tenantId: string;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly deliveredAt: number | null;
}

export interface UsageEventRow {
  readonly tenantId: string;
  readonly id: string;
  readonly customerId: string;
  readonly holdId: string | null;
  readonly chargeId: string;
  readonly modelId: string;
  readonly category: string;
  readonly units: Readonly<Record<string, unknown>>;
  readonly credits: Credits;
  /** The known cost (0 when unknown: see `unknownCostGenerations`). */
  readonly providerCostMicros: Micros;
  /** Generations whose provider cost the catalog does not know. */
  readonly unknownCostGenerations: number;
  readonly createdAt: number;
}

/** One change to the daily usage rollup (a commit, or a refund with negative credits). */
export interface UsageDeltaRow {
  readonly tenantId: string;
  readonly id: string;
  readonly day: string;
  readonly modelId: string;
  /** The model's category; empty for refunds (the commit's delta carries it). */
  readonly category: string;
  readonly generations: number;
  readonly credits: number;
  readonly providerCostMicros: number;
  readonly unknownCostGenerations: number;
}

/** One row of a usage rollup (by model, day or customer). */
export interface UsageTotalRow {
  readonly group: string;
  readonly generations: number;
  readonly credits: Credits;
  /** Σ known costs; null when no generation of the group has a known cost. */
  readonly providerCostMicros: Micros | null;
  readonly unknownCostGenerations: number;
}

/** An offline TEST MODE checkout (migration 190); `item` is the pack or plan as JSON. */
export interface TestCheckoutRow {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly item: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly secret: string;
  readonly requestKey: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly paidAt: number | null;
}
