/**
 * Outgoing webhooks (Standard Webhooks): a tenant's endpoints (create answers the `whsec_`
 * signing secret once; list; delete), the delivery log with every attempt, and replays of a
 * delivery or of an event, re-sent with the same `webhook-id`. Tenant secret keys only.
 * Endpoints on loopback or private addresses are refused unless `WEBHOOK_ALLOW_PRIVATE=true`.
 */
import { fail, ok, type Result } from '../../domain/errors.ts';
import type { WebhookDeliveryInfo } from '../../engine/webhook-deliveries.ts';
import type { WebhookEndpointInfo } from '../../engine/webhook-endpoints.ts';
import { checkTarget } from '../../webhooks/target-policy.ts';
import { defineRoute } from '../route.ts';
import { emptyBodySchema, idPathSchema } from '../schemas/common.ts';
import {
  createWebhookEndpointBody,
  webhookDeliveriesQuery,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from '../schemas/webhooks.ts';
import { toSnakeCase } from '../snake.ts';
import { mapOk } from './results.ts';

const TAG = 'Webhooks';

function presentEndpoint(e: WebhookEndpointInfo, secret?: string | null) {
  return {
    object: 'webhook_endpoint' as const,
    ...toSnakeCase(e),
    ...(secret === undefined ? {} : { secret }),
  };
}

/**
 * Refuses a URL whose host is, or resolves to, a loopback, private or reserved address (unless
 * the operator set `WEBHOOK_ALLOW_PRIVATE=true`). A URL that does not parse is left to the
 * engine's validation, which names what is wrong with it.
 */
async function checkEndpointTarget(value: string, allowPrivate: boolean): Promise<Result<true>> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return ok(true);
  }
  const verdict = await checkTarget(url, { allowPrivate });
  return verdict.ok
    ? ok(true)
    : fail(
        'invalid_request',
        `url must reach a public address: ${verdict.reason} (an operator can allow private targets with WEBHOOK_ALLOW_PRIVATE=true)`,
        'url',
      );
}

function presentDelivery(d: WebhookDeliveryInfo) {
  return { object: 'webhook_delivery' as const, ...toSnakeCase(d) };
}

export const webhookEndpointRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    tag: TAG,
    summary: 'Create a webhook endpoint',
    description:
      'Tollgate POSTs events to `url`, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`). `secret` (`whsec_…`) verifies them and is in this answer only; a replay with the same Idempotency-Key answers `secret: null`. An endpoint receives events that happen after it is created. A `url` whose host is or resolves to a loopback, private, link-local, unique-local, multicast or unspecified address (or names an internal service such as `metadata.google.internal`) is refused with 400 unless the operator set `WEBHOOK_ALLOW_PRIVATE=true`; the address is checked again at every delivery.',
    access: 'tenant',
    idempotent: true,
    body: createWebhookEndpointBody,
    response: webhookEndpointSchema,
    errors: ['invalid_request', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, body }) => {
      const target = await checkEndpointTarget(body.url, deps.config.webhookAllowPrivate);
      if (!target.ok) return target;
      return mapOk(
        await deps.engine.createWebhookEndpoint({
          tenantId,
          idempotencyKey,
          url: body.url,
          ...(body.event_types === undefined ? {} : { eventTypes: body.event_types }),
          ...(body.description === undefined ? {} : { description: body.description }),
        }),
        (created) => presentEndpoint(created.endpoint, created.secret),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    tag: TAG,
    summary: 'List webhook endpoints',
    description: 'Endpoints not deleted, oldest first, without their secrets.',
    access: 'tenant',
    response: webhookEndpointListSchema,
    handler: async ({ deps, tenantId }) =>
      mapOk(await deps.engine.listWebhookEndpoints(tenantId), (list) => ({
        object: 'list' as const,
        data: list.map((e) => presentEndpoint(e)),
      })),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/v1/webhook-endpoints/:id',
    operationId: 'deleteWebhookEndpoint',
    tag: TAG,
    summary: 'Delete a webhook endpoint',
    description:
      'The endpoint receives nothing more and its pending deliveries are canceled; its delivery log stays readable. Deleting it again answers the same record.',
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: emptyBodySchema,
    response: webhookEndpointSchema,
    errors: ['not_found', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params }) =>
      mapOk(
        await deps.engine.deleteWebhookEndpoint({ tenantId, idempotencyKey, endpointId: params.id }),
        (e) => presentEndpoint(e),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/webhook-deliveries',
    operationId: 'listWebhookDeliveries',
    tag: TAG,
    summary: 'List webhook deliveries',
    description:
      'The delivery log, newest first: one delivery per event and endpoint, with every attempt (status code, error, duration). Failed attempts are retried with exponential backoff (5 s, ×5 each time, capped at 10 h, 10 attempts); after that the delivery is `failed` until replayed. Pass `next_cursor` as `cursor` for the next page.',
    access: 'tenant',
    query: webhookDeliveriesQuery,
    response: webhookDeliveryListSchema,
    errors: ['not_found', 'invalid_request'],
    handler: async ({ deps, tenantId, query }) =>
      mapOk(
        await deps.engine.listWebhookDeliveries({
          tenantId,
          ...(query.endpoint === undefined ? {} : { endpointId: query.endpoint }),
          ...(query.event === undefined ? {} : { eventId: query.event }),
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          ...(query.limit === undefined ? {} : { limit: query.limit }),
        }),
        (page) => ({
          object: 'list' as const,
          data: page.deliveries.map(presentDelivery),
          has_more: page.nextCursor !== null,
          next_cursor: page.nextCursor,
        }),
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/webhook-deliveries/:id/replay',
    operationId: 'replayWebhookDelivery',
    tag: TAG,
    summary: 'Replay a webhook delivery',
    description:
      'Sends the event to the same endpoint again, now, with the same `webhook-id` (receivers deduplicate on it) and a fresh round of retries. Works on delivered and failed deliveries alike.',
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: emptyBodySchema,
    response: webhookDeliverySchema,
    errors: ['not_found', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params }) =>
      mapOk(
        await deps.engine.replayWebhookDelivery({ tenantId, idempotencyKey, deliveryId: params.id }),
        presentDelivery,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/webhook-events/:id/replay',
    operationId: 'replayWebhookEvent',
    tag: TAG,
    summary: 'Replay a webhook event',
    description:
      'Sends an event (its `webhook-id`, `msg_…`) again, now, to every endpoint subscribed to its type today, including endpoints created after it happened. Answers the queued deliveries.',
    access: 'tenant',
    idempotent: true,
    params: idPathSchema,
    body: emptyBodySchema,
    response: webhookDeliveryListSchema.omit({ has_more: true, next_cursor: true }),
    errors: ['not_found', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params }) =>
      mapOk(
        await deps.engine.replayWebhookEvent({ tenantId, idempotencyKey, eventId: params.id }),
        (list) => ({
          object: 'list' as const,
          data: list.map(presentDelivery),
        }),
      ),
  }),
];
