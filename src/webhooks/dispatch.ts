/**
 * One pass of the outgoing webhook loop: fan due outbox events out into deliveries, lease the
 * deliveries that are due, send each once (signed, `deliverOnce`), and record the attempt, which
 * schedules the retry by the backoff policy or marks the delivery failed after the last step.
 * Delivery is at least once: a sender that crashes after sending but before recording sends again
 * when its lease runs out, with the same `webhook-id`, so receivers deduplicate on it.
 * `startWebhookDispatcher` (runner.ts) runs passes on an interval in `serve`.
 */
import type { Engine } from '../engine/engine.ts';
import type { RetryPolicy } from './backoff.ts';
import { type DeliveryRecord, deliverOnce } from './deliver.ts';
import type { ResolveAll } from './target-policy.ts';

/** The engine methods a pass uses. */
export type WebhookQueue = Pick<
  Engine,
  'fanOutWebhookEvents' | 'claimWebhookDeliveries' | 'recordWebhookAttempt'
>;

export interface DispatchOptions {
  /** Clock in epoch ms: decides what is due, stamps and signs attempts. Default `Date.now`. */
  readonly now?: () => number;
  /** `WEBHOOK_ALLOW_PRIVATE`: may endpoints be on this machine or the private network (default false). */
  readonly allowPrivate?: boolean;
  /** Name resolution, injected in tests; `dns.lookup` by default. */
  readonly resolveAll?: ResolveAll;
  /** Most events fanned out and deliveries sent in one pass (default 50). */
  readonly limit?: number;
  /** Deliveries sent at the same time (default 8). */
  readonly concurrency?: number;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
  readonly policy?: RetryPolicy;
  /** Per-attempt answer timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** How long a claimed delivery stays ours; must exceed the timeout (default 60 s). */
  readonly leaseMs?: number;
}

export interface DispatchResult {
  /** Outbox events fanned out, and deliveries queued for them. */
  readonly events: number;
  readonly queued: number;
  /** Attempts made, by outcome. */
  readonly delivered: number;
  readonly retrying: number;
  readonly failed: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Runs one pass; answers what it did. Endpoint failures are data, never throws (store errors do throw). */
export async function dispatchDue(
  queue: WebhookQueue,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const now = options.now ?? Date.now;
  const limit = options.limit ?? 50;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3);
  const fanned = await queue.fanOutWebhookEvents({ now: now(), limit });
  const claims = await queue.claimWebhookDeliveries({ now: now(), limit, leaseMs });
  const records = await mapWithConcurrency(claims, options.concurrency ?? 8, async (claim) => {
    const record = await deliverOnce({
      endpoint: claim.endpoint,
      message: claim.message,
      attempt: claim.roundAttempt,
      now,
      timeoutMs,
      allowPrivate: options.allowPrivate ?? false,
      ...(options.resolveAll === undefined ? {} : { resolveAll: options.resolveAll }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
    });
    await queue.recordWebhookAttempt({ claim, record });
    return record;
  });
  const count = (outcome: DeliveryRecord['outcome']) => records.filter((r) => r.outcome === outcome).length;
  return {
    events: fanned.events,
    queued: fanned.deliveries,
    delivered: count('delivered'),
    retrying: count('retry'),
    failed: count('gave_up'),
  };
}

/**
 * Maps with at most `width` calls in flight; answers in input order. A failed call does not stop
 * the others: every call finishes (so nothing outlives the pass), then the first error is thrown.
 */
async function mapWithConcurrency<T, U>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<U>,
): Promise<U[]> {
  const out = new Array<U>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return out;
}
