/**
 * The Stripe events a tenant received, for the dashboard's payments page (issue 14): the ones
 * that moved money but could not be attributed (`needs_attention`) first, then the newest.
 */
import { ok, type Result } from '../domain/errors.ts';
import type { EngineContext } from './context.ts';

export interface StripeEventInfo {
  readonly eventId: string;
  readonly kind: string;
  readonly customerId: string | null;
  readonly needsAttention: boolean;
  /** What applying it did (status and details), as stored. */
  readonly outcome: unknown;
  /** The money it moved, in cents, and as what (`pack`, `plan`, `refund`, `dispute`); null if none. */
  readonly amountCents: number | null;
  readonly amountKind: string | null;
  readonly item: string | null;
  readonly occurredAt: number;
  readonly processedAt: number;
}

/** Up to `limit` events, attention first. */
export async function listStripeEvents(
  ctx: EngineContext,
  tenantId: string,
  limit: number,
): Promise<Result<StripeEventInfo[]>> {
  const rows = await ctx.store.read((tx) => tx.payments.listEvents(tenantId, limit));
  return ok(
    rows.map((r) => {
      let outcome: unknown = r.outcome;
      try {
        outcome = JSON.parse(r.outcome);
      } catch {
        // kept as text
      }
      return {
        eventId: r.eventId,
        kind: r.kind,
        customerId: r.customerId,
        needsAttention: r.needsAttention,
        outcome,
        amountCents: r.amountCents,
        amountKind: r.amountKind,
        item: r.item,
        occurredAt: r.occurredAt,
        processedAt: r.processedAt,
      };
    }),
  );
}
