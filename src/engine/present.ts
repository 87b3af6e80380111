/** Turns stored rows into the engine's answer types (what callers see, nothing internal). */
import type { Quote } from '../domain/pricing.ts';
import type { CustomerRow, HoldRow, LotRow } from '../store/types.ts';
import type { CustomerInfo, HoldInfo, LotInfo } from './types.ts';

/** A hold as answered. */
export function presentHold(h: HoldRow): HoldInfo {
  return {
    id: h.id,
    customerId: h.customerId,
    modelId: h.modelId,
    credits: h.credits,
    status: h.status,
    expiresAt: h.expiresAt,
    quote: h.quote as unknown as Quote,
    catalogVersion: h.catalogVersion,
    chargeId: h.chargeId,
    createdAt: h.createdAt,
    jobId: h.jobId ?? null,
    metadata: h.metadata ?? null,
    entitlements: h.entitlements ?? null,
    creditsCaptured: h.captured ?? 0,
    parentHold: h.parentHoldId ?? null,
    budgetLeft: h.status === 'active' && (h.parentHoldId ?? null) === null ? h.credits : 0,
    childrenHeld: h.childrenHeld ?? 0,
    childrenCharged: h.childrenCharged ?? 0,
  };
}

/** A lot as answered. */
export function presentLot(l: LotRow): LotInfo {
  return {
    id: l.id,
    source: l.source,
    amount: l.amount,
    remaining: l.remaining,
    priority: l.priority,
    expiresAt: l.expiresAt,
    costBasisMicros: l.costBasisMicros,
    reason: l.reason,
    ref: l.ref,
    createdAt: l.createdAt,
  };
}

/** A customer's own fields as answered. */
export function presentCustomer(c: CustomerRow): CustomerInfo {
  return {
    id: c.id,
    planId: c.planId,
    email: c.email,
    emailVerifiedAt: c.emailVerifiedAt,
    referralCode: c.referralCode,
    referredBy: c.referredBy,
    flagged: c.flagged,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    createdAt: c.createdAt,
  };
}
