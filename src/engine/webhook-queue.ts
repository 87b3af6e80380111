/**
 * The store side of webhook dispatch, for `src/webhooks/dispatch.ts`, which does the HTTP in
 * between (a store transaction never waits on the network):
 * 1. `fanOutWebhookEvents`: each due outbox row becomes one pending delivery per endpoint that
 *    existed when the event happened and subscribes to its type; the row is then marked done,
 *    in the same transaction (a conditional UPDATE, so two dispatchers never fan out twice).
 * 2. `claimWebhookDeliveries`: leases due deliveries to this sender (conditional UPDATE), and
 *    answers what to send: the endpoint's URL and secret and the message.
 * 3. `recordWebhookAttempt`: logs the attempt and moves the delivery on (delivered, retry at,
 *    failed), only while the lease is still this sender's.
 * Times come from the caller, so the dispatcher's clock is the one that decides what is due.
 */
import type { WebhookEndpointRow } from '../store/sql/webhooks.ts';
import type { StoreTx } from '../store/store.ts';
import type { DeliveryRecord } from '../webhooks/deliver.ts';
import {
  messageIdOf,
  type OutgoingEventType,
  type OutgoingMessage,
  type WebhookEndpoint,
} from '../webhooks/events.ts';
import type { EngineContext } from './context.ts';

/** A delivery leased to one sender. */
export interface ClaimedDelivery {
  readonly tenantId: string;
  readonly deliveryId: string;
  readonly leaseId: string;
  /** Number of this attempt over the delivery's life (for the log). */
  readonly attempt: number;
  /** Number of this attempt in the current retry round (for the backoff). */
  readonly roundAttempt: number;
  readonly endpoint: WebhookEndpoint;
  readonly message: OutgoingMessage;
}

export interface FanOutResult {
  /** Outbox events handed over. */
  readonly events: number;
  /** Deliveries queued for them. */
  readonly deliveries: number;
}

/** Whether an endpoint should get an event of this type that happened at `at`. */
function subscribes(endpoint: WebhookEndpointRow, type: string, at: number): boolean {
  if (endpoint.createdAt > at) return false;
  return endpoint.eventTypes === null || endpoint.eventTypes.includes(type);
}

/** Turns due outbox rows into deliveries; answers how many of each. */
export async function fanOutWebhookEvents(
  ctx: EngineContext,
  input: { readonly now: number; readonly limit: number },
): Promise<FanOutResult> {
  return ctx.store.write({ tenantId: '*' }, async (tx) => {
    const due = await tx.outbox.listDue(input.now, input.limit);
    const endpoints = new Map<string, WebhookEndpointRow[]>();
    let events = 0;
    let deliveries = 0;
    for (const event of due) {
      if (!(await tx.outbox.markFannedOut(event.tenantId, event.id, input.now))) continue;
      events += 1;
      let list = endpoints.get(event.tenantId);
      if (list === undefined) {
        list = await tx.webhooks.listActiveEndpoints(event.tenantId);
        endpoints.set(event.tenantId, list);
      }
      for (const endpoint of list) {
        if (!subscribes(endpoint, event.type, event.createdAt)) continue;
        const row = {
          tenantId: event.tenantId,
          id: ctx.newId(),
          eventId: event.id,
          endpointId: endpoint.id,
          createdAt: input.now,
        };
        if (await tx.webhooks.insertDelivery(row)) deliveries += 1;
      }
    }
    return { events, deliveries };
  });
}

async function loadEndpoint(
  tx: StoreTx,
  cache: Map<string, WebhookEndpointRow | null>,
  tenantId: string,
  id: string,
) {
  const key = `${tenantId}/${id}`;
  if (!cache.has(key)) cache.set(key, await tx.webhooks.getEndpoint(tenantId, id));
  return cache.get(key) ?? null;
}

/** Leases up to `limit` due deliveries for `leaseMs` and answers what to send for each. */
export async function claimWebhookDeliveries(
  ctx: EngineContext,
  input: { readonly now: number; readonly limit: number; readonly leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const leaseId = ctx.newId();
  return ctx.store.write({ tenantId: '*' }, async (tx) => {
    const due = await tx.webhooks.listDueDeliveries(input.now, input.limit);
    const cache = new Map<string, WebhookEndpointRow | null>();
    const claimed: ClaimedDelivery[] = [];
    for (const key of due) {
      const lease = { id: leaseId, now: input.now, until: input.now + input.leaseMs };
      const row = await tx.webhooks.claimDelivery(key.tenantId, key.id, lease);
      if (row === null) continue; // another sender won it
      const endpoint = await loadEndpoint(tx, cache, row.tenantId, row.endpointId);
      const event = await tx.outbox.get(row.tenantId, row.eventId);
      if (endpoint === null || event === null)
        throw new Error(`delivery ${row.id} lost its endpoint or event`);
      if (endpoint.disabledAt !== null) {
        // Queued while the endpoint was being deleted: deleting again cancels what it has pending.
        await tx.webhooks.disableEndpoint(row.tenantId, endpoint.id, input.now);
        continue;
      }
      claimed.push({
        tenantId: row.tenantId,
        deliveryId: row.id,
        leaseId,
        attempt: row.attempts + 1,
        roundAttempt: row.roundAttempts + 1,
        endpoint: { url: endpoint.url, secret: endpoint.secret },
        message: {
          id: messageIdOf(event.id),
          type: event.type as OutgoingEventType,
          payload: event.payload,
          createdAt: event.createdAt,
        },
      });
    }
    return claimed;
  });
}

/**
 * Logs one attempt and schedules what follows from its record: delivered, a retry at
 * `nextAttemptAt`, or failed (given up). Answers false when the lease was lost meanwhile (the
 * attempt is logged, the delivery left to whoever holds it now).
 */
export async function recordWebhookAttempt(
  ctx: EngineContext,
  input: { readonly claim: ClaimedDelivery; readonly record: DeliveryRecord },
): Promise<boolean> {
  const { claim, record } = input;
  const finishedAt = record.attemptedAt + record.durationMs;
  return ctx.store.write({ tenantId: claim.tenantId }, async (tx) => {
    await tx.webhooks.insertAttempt({
      tenantId: claim.tenantId,
      id: ctx.newId(),
      deliveryId: claim.deliveryId,
      attempt: claim.attempt,
      attemptedAt: record.attemptedAt,
      statusCode: record.statusCode,
      durationMs: record.durationMs,
      error: record.error,
      responseSnippet: record.responseSnippet,
      outcome: record.outcome,
    });
    const next =
      record.outcome === 'delivered'
        ? { status: 'delivered' as const, nextAttemptAt: finishedAt, deliveredAt: finishedAt }
        : record.outcome === 'retry'
          ? {
              status: 'pending' as const,
              nextAttemptAt: record.nextAttemptAt ?? finishedAt,
              deliveredAt: null,
            }
          : { status: 'failed' as const, nextAttemptAt: finishedAt, deliveredAt: null };
    return tx.webhooks.finishAttempt(claim.tenantId, claim.deliveryId, claim.leaseId, next);
  });
}
