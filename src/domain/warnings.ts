/**
 * Warnings a customer should see before running dry (SPEC section 5). This module only says
 * which warnings the current figures call for; the engine fires each (kind, threshold,
 * period) once by recording it, and puts the fresh ones in the answer and the outbox.
 */
import type { Credits } from './credits.ts';
import type { QuotaLimit, QuotaState } from './quota.ts';

export type WarningKind = 'credits_used' | 'low_balance' | 'depleted' | 'quota_nearly_used';

/** Outgoing webhook event type of each warning kind. */
export const WARNING_EVENT_TYPES: Readonly<Record<WarningKind, string>> = {
  credits_used: 'balance.threshold_crossed',
  low_balance: 'balance.low',
  depleted: 'balance.depleted',
  quota_nearly_used: 'quota.warning',
};

export interface Warning {
  readonly kind: WarningKind;
  /** Percent for credits_used, credits for low_balance/depleted, used count for quotas. */
  readonly threshold: number;
  /** Key of the period the warning belongs to; it fires once per (kind, threshold, period). */
  readonly period: string;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface WarningInput {
  /** Key of the customer's current billing period. */
  readonly period: string;
  readonly available: Credits;
  /** Available before the operation: `depleted` means going from more than 0 to 0 or less. */
  readonly availableBefore: Credits;
  /** The period's plan allowance and what is left of it (0 allowance = no credit warnings). */
  readonly planAllowance: Credits;
  readonly planRemaining: Credits;
  readonly creditWarningsPct: readonly number[];
  readonly lowBalanceCredits: Credits | null;
  readonly quotas: readonly { name: string; limit: QuotaLimit; state: QuotaState }[];
}

/** Every warning the figures call for right now (already-fired ones are filtered by the engine). */
export function evaluateWarnings(input: WarningInput): Warning[] {
  const out: Warning[] = [];
  if (input.planAllowance > 0) {
    const used = input.planAllowance - Math.max(0, input.planRemaining);
    for (const pct of input.creditWarningsPct) {
      if (used * 100 >= pct * input.planAllowance) {
        out.push({
          kind: 'credits_used',
          threshold: pct,
          period: input.period,
          message: `${pct}% of this period's plan credits used`,
          data: { percent: pct, used, allowance: input.planAllowance },
        });
      }
    }
  }
  if (input.available <= 0 && input.availableBefore > 0) {
    out.push({
      kind: 'depleted',
      threshold: 0,
      period: input.period,
      message: 'no credits left',
      data: { available: input.available },
    });
  } else if (
    input.available > 0 &&
    input.lowBalanceCredits !== null &&
    input.available <= input.lowBalanceCredits
  ) {
    out.push({
      kind: 'low_balance',
      threshold: input.lowBalanceCredits,
      period: input.period,
      message: `only ${countOf(input.available, 'credit')} left`,
      data: { available: input.available, threshold: input.lowBalanceCredits },
    });
  }
  for (const q of input.quotas) {
    const warnAt = q.limit.warnAtMonthlyUsed;
    if (warnAt === null || q.limit.perMonth === null || q.state.monthUsed < warnAt) continue;
    const remaining = Math.max(0, q.limit.perMonth - q.state.monthUsed);
    out.push({
      kind: 'quota_nearly_used',
      threshold: warnAt,
      period: `${q.name}:${q.state.month}`,
      message: `${describeQuotaLeft(q.name, remaining)} remaining this month`,
      data: { quota: q.name, remaining, used: q.state.monthUsed, limit: q.limit.perMonth },
    });
  }
  return out;
}

/** `1 credit`, `5 credits`. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** What a quota counts, in words: `category:video` → `5 videos`, `category:text` → `1 text generation`. */
export function describeQuotaLeft(quota: string, n: number): string {
  const category = quota.startsWith('category:') ? quota.slice('category:'.length) : quota;
  const noun = category === 'text' ? 'text generation' : category;
  return countOf(n, noun);
}
