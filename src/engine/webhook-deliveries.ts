/**
 * The webhook delivery log and replays. A delivery is one event for one endpoint; its attempts
 * (status code, error, duration, time) are listed with it. Replaying a delivery, or an event to
 * every endpoint subscribed to it now, queues it again at once with a fresh retry round and the
 * SAME `webhook-id`, so a receiver that already has it can drop the copy.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import type {
  DeliveryStatus,
  WebhookAttemptRow,
  WebhookDeliveryListRow,
  WebhookDeliveryRow,
} from '../store/sql/webhook-deliveries.ts';
import type { StoreTx } from '../store/store.ts';
import { eventIdOf, messageIdOf } from '../webhooks/events.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import type { Mutation } from './types.ts';
import { validateId } from './validate.ts';

/** One attempt as the delivery log shows it: the stored row without its keys. */
export type WebhookAttemptInfo = Omit<WebhookAttemptRow, 'tenantId' | 'id' | 'deliveryId'>;

export interface WebhookDeliveryInfo {
  readonly id: string;
  readonly endpointId: string;
  /** The `webhook-id` the endpoint receives (`msg_…`), the same on every attempt and replay. */
  readonly eventId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attemptCount: number;
  /** When the next attempt is due; null unless pending. */
  readonly nextAttemptAt: number | null;
  readonly deliveredAt: number | null;
  readonly createdAt: number;
  readonly attempts: readonly WebhookAttemptInfo[];
}

export interface WebhookDeliveryPage {
  readonly deliveries: readonly WebhookDeliveryInfo[];
  readonly nextCursor: string | null;
}

export interface ListWebhookDeliveriesInput {
  readonly tenantId: string;
  readonly endpointId?: string | null;
  /** `msg_…` (or the bare event id). */
  readonly eventId?: string | null;
  readonly cursor?: string | null;
  /** 1-100, default 20. */
  readonly limit?: number;
}

function presentAttempt(a: WebhookAttemptRow): WebhookAttemptInfo {
  const { tenantId: _t, id: _i, deliveryId: _d, ...rest } = a;
  return rest;
}

function presentDelivery(
  d: WebhookDeliveryListRow,
  attempts: readonly WebhookAttemptRow[],
): WebhookDeliveryInfo {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: messageIdOf(d.eventId),
    eventType: d.eventType,
    status: d.status,
    attemptCount: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
    attempts: attempts.filter((a) => a.deliveryId === d.id).map(presentAttempt),
  };
}

/** Loads deliveries (already listed or by id) with their event type and attempts. */
async function loadDeliveries(
  tx: StoreTx,
  tenantId: string,
  rows: readonly WebhookDeliveryRow[],
): Promise<WebhookDeliveryInfo[]> {
  const attempts = await tx.webhooks.listAttempts(
    tenantId,
    rows.map((r) => r.id),
  );
  const out: WebhookDeliveryInfo[] = [];
  for (const row of rows) {
    const eventType =
      'eventType' in row ? String(row.eventType) : ((await tx.outbox.get(tenantId, row.eventId))?.type ?? '');
    out.push(presentDelivery({ ...row, eventType }, attempts));
  }
  return out;
}

/** The tenant's deliveries, newest first, optionally of one endpoint or one event. */
export async function listWebhookDeliveries(
  ctx: EngineContext,
  input: ListWebhookDeliveriesInput,
): Promise<Result<WebhookDeliveryPage>> {
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return fail('invalid_request', 'limit must be an integer 1-100', 'limit');
  }
  const { tenantId } = input;
  return ctx.store.read(async (tx) => {
    if (input.endpointId != null && (await tx.webhooks.getEndpoint(tenantId, input.endpointId)) === null) {
      return fail('not_found', `no webhook endpoint ${input.endpointId}`, 'endpoint');
    }
    const eventId = input.eventId == null ? null : eventIdOf(input.eventId);
    if (eventId !== null && (await tx.outbox.get(tenantId, eventId)) === null) {
      return fail('not_found', `no event ${input.eventId}`, 'event');
    }
    const rows = await tx.webhooks.listDeliveries(tenantId, {
      endpointId: input.endpointId ?? null,
      eventId,
      cursor: input.cursor ?? null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return ok({
      deliveries: await loadDeliveries(tx, tenantId, page),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    });
  });
}

/** Queues one delivery again now (same `webhook-id`); its endpoint must not be deleted. */
export async function replayWebhookDelivery(
  ctx: EngineContext,
  input: Mutation & { readonly deliveryId: string },
): Promise<Result<WebhookDeliveryInfo>> {
  const invalid = validateId(input.deliveryId, 'id');
  if (!invalid.ok) return invalid;
  const { tenantId } = input;
  return runIdempotent(
    ctx,
    { ...input, operation: 'replay_webhook_delivery', input: { deliveryId: input.deliveryId } },
    async (tx) => {
      const delivery = await tx.webhooks.getDelivery(tenantId, input.deliveryId);
      if (delivery === null) return fail('not_found', `no webhook delivery ${input.deliveryId}`, 'id');
      const endpoint = await tx.webhooks.getEndpoint(tenantId, delivery.endpointId);
      if (endpoint === null || endpoint.disabledAt !== null) {
        return fail('not_found', `webhook endpoint ${delivery.endpointId} was deleted`, 'id');
      }
      await tx.webhooks.requeueDelivery(tenantId, delivery.id, ctx.now());
      const fresh = (await tx.webhooks.getDelivery(tenantId, delivery.id)) as WebhookDeliveryRow;
      const [info] = await loadDeliveries(tx, tenantId, [fresh]);
      return ok(info as WebhookDeliveryInfo);
    },
  );
}

/**
 * Queues an event again now (same `webhook-id`) to every endpoint subscribed to its type
 * today, including endpoints made after it happened. Answers the queued deliveries.
 */
export async function replayWebhookEvent(
  ctx: EngineContext,
  input: Mutation & { readonly eventId: string },
): Promise<Result<WebhookDeliveryInfo[]>> {
  const invalid = validateId(input.eventId, 'id');
  if (!invalid.ok) return invalid;
  const { tenantId } = input;
  const eventId = eventIdOf(input.eventId);
  return runIdempotent(
    ctx,
    { ...input, operation: 'replay_webhook_event', input: { eventId } },
    async (tx) => {
      const event = await tx.outbox.get(tenantId, eventId);
      if (event === null) return fail('not_found', `no event ${input.eventId}`, 'id');
      const now = ctx.now();
      const existing = new Map(
        (await tx.webhooks.listDeliveriesForEvent(tenantId, eventId)).map((d) => [d.endpointId, d]),
      );
      const queued: WebhookDeliveryRow[] = [];
      for (const endpoint of await tx.webhooks.listActiveEndpoints(tenantId)) {
        if (endpoint.eventTypes !== null && !endpoint.eventTypes.includes(event.type)) continue;
        const found = existing.get(endpoint.id);
        const id = found?.id ?? ctx.newId();
        if (found === undefined) {
          await tx.webhooks.insertDelivery({
            tenantId,
            id,
            eventId,
            endpointId: endpoint.id,
            createdAt: now,
          });
        } else await tx.webhooks.requeueDelivery(tenantId, id, now);
        queued.push((await tx.webhooks.getDelivery(tenantId, id)) as WebhookDeliveryRow);
      }
      return ok(await loadDeliveries(tx, tenantId, queued));
    },
  );
}
