/**
 * The engine's inputs and outputs: plain data, camelCase, integers for credits and money.
 * HTTP (issue 5) and Stripe (issue 6) call the engine with these and map them to JSON.
 * Every mutating input carries the tenant (from the authenticated key, never the body)
 * and an idempotency key.
 */

import type { LotSource, RewardKind } from '../domain/catalog.ts';
import type { Credits, Micros } from '../domain/credits.ts';
import type { PlanEntitlements } from '../domain/entitlements.ts';
import type { HoldStatus } from '../domain/holds.ts';
import type { StoredLotSource, TransactionKind } from '../domain/journal.ts';
import type { Allocation } from '../domain/lots.ts';
import type { Alternative, GenerationParams, Quote } from '../domain/pricing.ts';
import type { Offer, Projection } from '../domain/projections.ts';
import type { Warning } from '../domain/warnings.ts';

/** Fields every mutating call carries. */
export interface Mutation {
  readonly tenantId: string;
  /** Same key + same input answers the first answer again; different input is a conflict. */
  readonly idempotencyKey: string;
}

export interface CreateTenantInput {
  readonly tenantId?: string;
  readonly name: string;
  /** The normalized catalog (from `src/catalog/load.ts`) and the text it was loaded from. */
  readonly catalog: import('../domain/catalog.ts').Catalog;
  readonly catalogSource: string;
}

export interface TenantInfo {
  readonly id: string;
  readonly name: string;
  readonly catalogVersion: string;
  readonly createdAt: number;
}

export interface CreateCustomerInput extends Mutation {
  /** The tenant's own id for the customer. */
  readonly customerId: string;
  readonly email?: string | null;
  /** Defaults to the catalog's default plan. */
  readonly planId?: string;
  /** A referral code the customer signed up with (another customer's). */
  readonly referralCode?: string;
  readonly overdraftLimit?: number;
  /** Start the first period with the plan's monthly credits (default: only plans priced 0 get them). */
  readonly grantAllowance?: boolean;
}

export interface BalanceInfo {
  /** Σ remaining of live lots. */
  readonly balance: Credits;
  readonly held: Credits;
  /** balance − held; below zero only within the overdraft limit. */
  readonly available: Credits;
  readonly overdraftLimit: Credits;
}

export interface LotInfo {
  readonly id: string;
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

export interface QuotaInfo {
  readonly key: string;
  readonly availableToday: number | null;
  readonly remainingThisMonth: number | null;
  readonly usedThisMonth: number;
  readonly perDay: number | null;
  readonly burst: number | null;
  readonly perMonth: number | null;
}

export interface CustomerInfo {
  readonly id: string;
  readonly planId: string;
  readonly email: string | null;
  readonly emailVerifiedAt: number | null;
  readonly referralCode: string;
  readonly referredBy: string | null;
  readonly flagged: boolean;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly createdAt: number;
}

/** Everything a customer page shows: balance, lots, quotas, warnings, projections. */
export interface CustomerSummary {
  readonly customer: CustomerInfo;
  readonly balance: BalanceInfo;
  readonly lots: readonly LotInfo[];
  /** Σ remaining of live lots per source. */
  readonly bySource: Readonly<Record<string, Credits>>;
  /** Credits open Stripe disputes hold back: out of the balance, not clawed back (yet). */
  readonly disputed: Credits;
  readonly quotas: readonly QuotaInfo[];
  readonly warnings: readonly { kind: string; threshold: number; period: string; firedAt: number }[];
  readonly projection: Projection;
  /** What the customer's plan lets the app do. */
  readonly entitlements: PlanEntitlements;
}

export interface GrantInput extends Mutation {
  readonly customerId: string;
  readonly credits: number;
  readonly source: LotSource;
  readonly reason?: string | null;
  readonly expiresAt?: number | null;
  /** Defaults to the catalog's priority for the source. */
  readonly priority?: number;
  readonly costBasisMicros?: number;
  /** What caused the grant (a Stripe event, a checkout session, ...). */
  readonly ref?: string | null;
}

export interface GrantResult {
  readonly lot: LotInfo;
  readonly balance: BalanceInfo;
  /** Credits of this grant that repaid an overdraft. */
  readonly repaid: Credits;
}

/**
 * A request made with a customer API key (`tg_ck_…`): its per-minute limit and monthly credit cap
 * bind in the same transaction as the balance check, and it may end only holds it placed.
 * Absent when the tenant's secret key made the request.
 */
export interface KeyScoped {
  readonly apiKeyId?: string;
}

export interface AuthorizeInput extends Mutation, KeyScoped {
  readonly customerId: string;
  readonly modelId: string;
  readonly params: GenerationParams;
  /** Defaults to the catalog's hold time to live. */
  readonly ttlSeconds?: number;
  /** The provider's job id, to find the hold by later. */
  readonly jobId?: string | null;
  /** The app's own notes (at most 20 string values). */
  readonly metadata?: Readonly<Record<string, string>> | null;
  /** How many cheaper models to suggest, 0-10 (default 3). */
  readonly maxAlternatives?: number;
  /** A parent hold to draw from instead of from the customer's lots (a budget, issue 17 item 3). */
  readonly parentHold?: string;
}

export interface HoldInfo {
  readonly id: string;
  readonly customerId: string;
  readonly modelId: string;
  readonly credits: Credits;
  readonly status: HoldStatus;
  readonly expiresAt: number;
  readonly quote: Quote;
  readonly catalogVersion: string;
  readonly chargeId: string | null;
  readonly createdAt: number;
  readonly jobId: string | null;
  readonly metadata: Readonly<Record<string, string>> | null;
  /** The plan entitlements the hold was placed under (null for holds placed before they were kept). */
  readonly entitlements: PlanEntitlements | null;
  /** Credits charged from the hold by partial captures so far. */
  readonly creditsCaptured: number;
  /** The hold this one draws from (a budget), or null. */
  readonly parentHold: string | null;
  /** What children may still take from this hold: its own credits while active, else 0. */
  readonly budgetLeft: number;
  /** Σ credits its open children reserve. */
  readonly childrenHeld: number;
  /** Σ credits its children charged. */
  readonly childrenCharged: number;
}

export interface AuthorizeResult {
  readonly hold: HoldInfo;
  readonly balance: BalanceInfo;
  readonly warnings: readonly Warning[];
  readonly alternatives: readonly Alternative[];
}

export interface CommitInput extends Mutation, KeyScoped {
  readonly holdId: string;
  /** Actual usage (same words as params); omitted = the quoted usage. */
  readonly usage?: GenerationParams;
}

export interface Receipt {
  readonly chargeId: string;
  readonly holdId: string | null;
  readonly customerId: string;
  readonly modelId: string;
  readonly creditsCharged: Credits;
  readonly creditsHeld: Credits;
  /** Which lots paid, in consumption order. */
  readonly lots: readonly Allocation[];
  /** What the provider charged for this work; null when the catalog does not know. */
  readonly providerCostMicros: Micros | null;
  readonly balance: BalanceInfo;
  readonly warnings: readonly Warning[];
  readonly suggestions: readonly Alternative[];
  readonly catalogVersion: string;
  /** The plan entitlements the work was done under (the hold's, else the customer's plan now). */
  readonly entitlements: PlanEntitlements;
}

export interface VoidInput extends Mutation, KeyScoped {
  readonly holdId: string;
}

export interface VoidResult {
  readonly hold: HoldInfo;
  readonly balance: BalanceInfo;
}

export interface ChargeInput extends Mutation, KeyScoped {
  readonly customerId: string;
  readonly modelId: string;
  readonly params: GenerationParams;
  readonly usage?: GenerationParams;
  /** How many cheaper models to suggest, 0-10 (default 3). */
  readonly maxAlternatives?: number;
}

export interface RefundInput extends Mutation {
  readonly chargeId: string;
  /** Defaults to everything not yet refunded. */
  readonly credits?: number;
  readonly reason?: string | null;
}

export interface RefundResult {
  readonly chargeId: string;
  readonly refunded: Credits;
  readonly totalRefunded: Credits;
  /** Where the credits went: back into the lot, or into a new lot when it had expired. */
  readonly lots: readonly { lotId: string; credits: Credits; newLot: boolean }[];
  readonly balance: BalanceInfo;
}

export interface AdjustInput extends Mutation {
  readonly customerId: string;
  /** Signed: positive grants an adjustment lot, negative takes from lots in order. */
  readonly credits: number;
  readonly reason: string;
}

export interface AdjustResult {
  readonly transactionId: string;
  readonly credits: Credits;
  readonly lots: readonly Allocation[];
  readonly balance: BalanceInfo;
}

export interface ClawbackInput extends Mutation {
  readonly customerId: string;
  /** Lots whose `ref` is this (a Stripe payment) lose their unspent credits. */
  readonly ref: string;
  readonly reason: string;
  /** Flag the customer (refunds and disputes do). */
  readonly flag?: boolean;
}

export interface ClawbackResult {
  readonly clawedBack: Credits;
  readonly lots: readonly Allocation[];
  readonly balance: BalanceInfo;
}

export interface ChangePlanInput extends Mutation {
  readonly customerId: string;
  readonly planId: string;
  /** The new period; defaults to the current calendar month. */
  readonly periodStart?: number;
  readonly periodEnd?: number;
  /** Start the period with the plan's monthly credits, ending the last period's allowance (issue 12.3). */
  readonly grantAllowance?: boolean;
}

/** Whether a plan change or a new customer started the period with the plan's monthly credits. */
export interface PlanAllowance {
  readonly granted: boolean;
  /** The plan credits the customer has for the period after the change (0 when none). */
  readonly credits: Credits;
  /** What was left of the last period's allowance: ended, and kept under the rollover cap. */
  readonly ended: Credits;
  readonly carried: Credits;
}

export interface ChangePlanResult {
  readonly customer: CustomerInfo;
  readonly previousPlanId: string;
  readonly allowance: PlanAllowance;
}

/** A new customer and whether their plan's allowance was granted. */
export interface CustomerCreated extends CustomerInfo {
  readonly allowance: PlanAllowance;
}

export interface ClaimRewardInput extends Mutation {
  readonly customerId: string;
  readonly kind: RewardKind;
}

export interface RewardResult {
  readonly kind: RewardKind;
  readonly credits: Credits;
  readonly lotId: string;
  readonly periodKey: string;
  /** The referrer's lot, for a referral. */
  readonly referrer: {
    readonly customerId: string;
    readonly lotId: string;
    readonly credits: Credits;
  } | null;
  readonly balance: BalanceInfo;
}

export interface LedgerEntryInfo {
  readonly account: string;
  readonly lotId: string | null;
  readonly amount: Credits;
}

export interface LedgerTransaction {
  readonly id: string;
  readonly kind: TransactionKind;
  readonly ref: string | null;
  readonly createdAt: number;
  /** Net change of the customer's balance. */
  readonly credits: Credits;
  readonly entries: readonly LedgerEntryInfo[];
}

export interface LedgerPage {
  readonly transactions: readonly LedgerTransaction[];
  /** Pass as `cursor` for the next (older) page; null = no more. */
  readonly nextCursor: string | null;
}

export interface UsageTotal {
  readonly key: string;
  readonly generations: number;
  readonly credits: Credits;
  /** Σ known provider costs; null when no generation of the group has a known cost. */
  readonly providerCostMicros: Micros | null;
  /** Generations whose provider cost is unknown (not counted in the sum). */
  readonly unknownCostGenerations: number;
}

export interface SweepResult {
  readonly holdsExpired: number;
  /** Customers that had lots past expiry (each settled in one transaction). */
  readonly customersWithExpiredLots: number;
}

export type { Offer };
