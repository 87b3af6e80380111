/**
 * Engine answers as API JSON: snake_case keys, an `object` field naming the kind (as in
 * Stripe), and a few renames where the API's word differs (`plan`, `projections`). The types
 * are derived from the engine's, so the client's types follow any change here.
 */

import type { CustomerAffordability } from '../engine/affordability.ts';
import type { ApiKeyInfo, ApiKeyVerdict } from '../engine/api-keys.ts';
import type { BatchResult } from '../engine/batches.ts';
import type { CaptureResult } from '../engine/hold-jobs.ts';
import type { HoldPage } from '../engine/hold-reads.ts';
import type { BatchQuoteAnswer, QuoteAnswer } from '../engine/quotes.ts';
import type {
  AuthorizeResult,
  ChangePlanResult,
  CustomerCreated,
  CustomerInfo,
  CustomerSummary,
  GrantResult,
  HoldInfo,
  LedgerPage,
  Receipt,
  RefundResult,
  RewardResult,
  UsageTotal,
  VoidResult,
} from '../engine/types.ts';
import { toSnakeCase } from './snake.ts';

function presentCustomerFields(c: CustomerInfo) {
  const { planId, ...rest } = c;
  return { object: 'customer' as const, ...toSnakeCase(rest), plan: planId };
}

/** `POST /v1/customers`. */
export function presentCustomer(c: CustomerInfo) {
  return presentCustomerFields(c);
}

/** `POST /v1/customers`: the customer and whether their plan's allowance was granted. */
export function presentCustomerCreated(c: CustomerCreated) {
  const { allowance, ...customer } = c;
  return { ...presentCustomerFields(customer), allowance: toSnakeCase(allowance) };
}

/** `POST /v1/customers/:id/plan`: the customer on the new plan, the plan before, the allowance. */
export function presentPlanChange(r: ChangePlanResult) {
  return {
    ...presentCustomerFields(r.customer),
    previous_plan: r.previousPlanId,
    allowance: toSnakeCase(r.allowance),
  };
}

/** `GET /v1/customers/:id`: the customer with balance, lots, quotas, warnings and projections. */
export function presentCustomerSummary(s: CustomerSummary) {
  return {
    ...presentCustomerFields(s.customer),
    balance: toSnakeCase(s.balance),
    lots: toSnakeCase(s.lots),
    lots_by_source: s.bySource,
    disputed: s.disputed,
    quotas: toSnakeCase(s.quotas),
    warnings: toSnakeCase(s.warnings),
    projections: toSnakeCase(s.projection),
    entitlements: toSnakeCase(s.entitlements),
  };
}

/** A ledger page as a list. */
export function presentLedger(page: LedgerPage) {
  return {
    object: 'list' as const,
    data: toSnakeCase(page.transactions),
    has_more: page.nextCursor !== null,
    next_cursor: page.nextCursor,
  };
}

/** A hold's fields; `metadata` is the app's own, so its keys are answered as given. */
function presentHoldFields(h: HoldInfo) {
  return { object: 'hold' as const, ...toSnakeCase(h), metadata: h.metadata };
}

/** `GET /v1/holds/:id`. */
export function presentHold(h: HoldInfo) {
  return presentHoldFields(h);
}

/** `GET /v1/holds`: a page of holds, newest first. */
export function presentHoldPage(page: HoldPage) {
  return {
    object: 'list' as const,
    data: page.holds.map(presentHoldFields),
    has_more: page.nextCursor !== null,
    next_cursor: page.nextCursor,
  };
}

/** `POST /v1/holds`: the hold, the balance after it, warnings and cheaper alternatives. */
export function presentAuthorize(r: AuthorizeResult) {
  return {
    ...presentHoldFields(r.hold),
    balance: toSnakeCase(r.balance),
    warnings: toSnakeCase(r.warnings),
    alternatives: toSnakeCase(r.alternatives),
  };
}

/** `POST /v1/holds/:id/void`. */
export function presentVoid(r: VoidResult) {
  return { ...presentHoldFields(r.hold), balance: toSnakeCase(r.balance) };
}

/** A capture: the receipt, whether it ended the hold and what the hold still reserves. */
export function presentCapture(r: CaptureResult) {
  const { chargeId, ...rest } = r;
  return { object: 'charge' as const, id: chargeId, ...toSnakeCase(rest) };
}

/** A commit or a charge: the receipt. */
export function presentReceipt(r: Receipt) {
  const { chargeId, ...rest } = r;
  return { object: 'charge' as const, id: chargeId, ...toSnakeCase(rest) };
}

export function presentRefund(r: RefundResult) {
  return { object: 'refund' as const, ...toSnakeCase(r) };
}

export function presentGrant(r: GrantResult) {
  return { object: 'grant' as const, ...toSnakeCase(r) };
}

export function presentReward(r: RewardResult) {
  return { object: 'reward' as const, ...toSnakeCase(r) };
}

export function presentQuote(q: QuoteAnswer) {
  return { object: 'quote' as const, ...toSnakeCase(q) };
}

export function presentBatchQuote(q: BatchQuoteAnswer) {
  return { object: 'quote' as const, ...toSnakeCase(q) };
}

export function presentBatch(b: BatchResult) {
  return { object: 'batch' as const, ...toSnakeCase(b) };
}

export function presentApiKey(k: ApiKeyInfo, key?: string | null) {
  return { object: 'api_key' as const, ...toSnakeCase(k), ...(key === undefined ? {} : { key }) };
}

export function presentVerdict(v: ApiKeyVerdict) {
  const { apiKey, ...rest } = v;
  return {
    object: 'api_key_verification' as const,
    ...toSnakeCase(rest),
    customer: apiKey?.customerId ?? null,
    api_key: apiKey === null ? null : presentApiKey(apiKey),
  };
}

export function presentUsage(
  by: 'model' | 'day' | 'customer',
  from: number,
  to: number,
  rows: readonly UsageTotal[],
) {
  return { object: 'list' as const, by, from, to, data: toSnakeCase(rows) };
}

export type CustomerJson = ReturnType<typeof presentCustomer>;
export type CustomerCreatedJson = ReturnType<typeof presentCustomerCreated>;
export type PlanChangeJson = ReturnType<typeof presentPlanChange>;
export type CustomerSummaryJson = ReturnType<typeof presentCustomerSummary>;
export type LedgerJson = ReturnType<typeof presentLedger>;
export type HoldJson = ReturnType<typeof presentAuthorize>;
export type HoldInfoJson = ReturnType<typeof presentHold>;
export type HoldPageJson = ReturnType<typeof presentHoldPage>;
export type VoidJson = ReturnType<typeof presentVoid>;
export type CaptureJson = ReturnType<typeof presentCapture>;
export type ReceiptJson = ReturnType<typeof presentReceipt>;
export type RefundJson = ReturnType<typeof presentRefund>;
export type GrantJson = ReturnType<typeof presentGrant>;
export type RewardJson = ReturnType<typeof presentReward>;
/** What a customer can still afford (`GET /v1/customers/:id/affordability`). */
export function presentAffordability(a: CustomerAffordability) {
  return { object: 'affordability' as const, ...toSnakeCase(a) };
}

export type AffordabilityJson = ReturnType<typeof presentAffordability>;
export type QuoteJson = ReturnType<typeof presentQuote>;
export type BatchQuoteJson = ReturnType<typeof presentBatchQuote>;
export type BatchJson = ReturnType<typeof presentBatch>;
export type ApiKeyJson = ReturnType<typeof presentApiKey>;
export type VerdictJson = ReturnType<typeof presentVerdict>;
export type UsageJson = ReturnType<typeof presentUsage>;
