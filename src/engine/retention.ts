/**
 * Retention (issue 11, item 9): what is only bookkeeping of the past is deleted once it is old
 * enough, in small transactions, off the hot path (serve runs `pruneRetained` from a loop; tests
 * call it with an injected clock). Pruned: finished webhook deliveries with their attempts,
 * fanned-out outbox rows no delivery refers to, ended holds (after `retentionMs`, default 30
 * days) and idempotency keys no longer honoured (after `idempotencyRetentionMs`, default 7 days).
 * Never pruned: the journal, lots, charges and usage events, which the balances and
 * `tollgate verify` are computed from.
 */
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Age after which outbox rows, deliveries and attempts, and ended holds go (default 30 days). */
  readonly retentionMs?: number;
  /** Age after which stored idempotency answers go, once expired (default 7 days). */
  readonly idempotencyRetentionMs?: number;
  /** Rows per transaction (default 500). */
  readonly batchSize?: number;
  /** Transactions per kind of row in one call (default: until none is left). */
  readonly maxBatches?: number;
}

export interface PruneResult {
  readonly webhookDeliveries: number;
  readonly webhookAttempts: number;
  readonly outbox: number;
  readonly holds: number;
  readonly idempotencyKeys: number;
}

export const DEFAULT_RETENTION_MS = 30 * DAY_MS;
export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 7 * DAY_MS;

/** Deletes what is past retention at the engine's `now`; answers how many rows of each kind went. */
export async function pruneRetained(ctx: EngineContext, policy: RetentionPolicy = {}): Promise<PruneResult> {
  const now = ctx.now();
  const cutoff = now - (policy.retentionMs ?? DEFAULT_RETENTION_MS);
  const keyCutoff = now - (policy.idempotencyRetentionMs ?? DEFAULT_IDEMPOTENCY_RETENTION_MS);
  const size = policy.batchSize ?? 500;
  const maxBatches = policy.maxBatches ?? Number.POSITIVE_INFINITY;
  /** Runs `step` in its own transaction until it takes less than a full batch (or the cap). */
  const drain = async (step: (tx: StoreTx) => Promise<number>) => {
    let total = 0;
    for (let i = 0; i < maxBatches; i += 1) {
      const taken = await ctx.store.write({ tenantId: '*' }, step);
      total += taken;
      if (taken < size) break;
    }
    return total;
  };
  let attempts = 0;
  // Deliveries before the outbox: an outbox row goes once no delivery refers to it.
  const webhookDeliveries = await drain(async (tx) => {
    const gone = await tx.retention.pruneDeliveries(cutoff, size);
    attempts += gone.attempts;
    return gone.deliveries;
  });
  const outbox = await drain((tx) => tx.retention.pruneOutbox(cutoff, size));
  const holds = await drain((tx) => tx.retention.pruneHolds(cutoff, size));
  const idempotencyKeys = await drain((tx) => tx.retention.pruneIdempotencyKeys(keyCutoff, now, size));
  return { webhookDeliveries, webhookAttempts: attempts, outbox, holds, idempotencyKeys };
}
