/**
 * A tenant's outgoing webhook endpoints (issue 6, item 5): create (the `whsec_` signing secret
 * is answered once), list, delete. An endpoint subscribes to some event types or, without a
 * list, to all of them. Deleting keeps the endpoint's delivery log and cancels what it still
 * had pending. The delivery log and replays are in `webhook-deliveries.ts`.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import type { WebhookEndpointRow } from '../store/sql/webhooks.ts';
import { isOutgoingEventType, OUTGOING_EVENT_TYPES, type OutgoingEventType } from '../webhooks/events.ts';
import { generateEndpointSecret } from '../webhooks/sign.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import type { Mutation } from './types.ts';
import { validateId, validateText } from './validate.ts';

const MAX_URL = 2048;

export interface WebhookEndpointInfo {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  /** Subscribed event types; null = every type, present and future. */
  readonly eventTypes: readonly OutgoingEventType[] | null;
  readonly createdAt: number;
  /** When it was deleted; deleted endpoints receive nothing. */
  readonly disabledAt: number | null;
}

export interface CreateWebhookEndpointInput extends Mutation {
  readonly url: string;
  /** Omitted or null: every event type. */
  readonly eventTypes?: readonly string[] | null;
  readonly description?: string | null;
}

export interface WebhookEndpointCreated {
  readonly endpoint: WebhookEndpointInfo;
  /** The `whsec_…` signing secret: in the first answer only, null in a replay of it. */
  readonly secret: string | null;
}

/** An endpoint as the API shows it: never its secret. */
export function presentWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpointInfo {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes === null ? null : row.eventTypes.filter(isOutgoingEventType),
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
  };
}

/** An absolute http(s) URL without credentials, at most 2,048 characters. */
export function validateEndpointUrl(value: unknown): Result<string> {
  const refuse = (why: string) => fail('invalid_request', `url ${why}`, 'url');
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_URL)
    return refuse(`must be a string of 1-${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('must use http or https');
  if (url.username !== '' || url.password !== '') return refuse('must not contain credentials');
  return ok(value);
}

/** A non-empty list of known event types (duplicates dropped), or null for all. */
export function validateEventTypes(value: unknown): Result<OutgoingEventType[] | null> {
  if (value === undefined || value === null) return ok(null);
  const allowed = { allowed: OUTGOING_EVENT_TYPES };
  if (!Array.isArray(value) || value.length === 0) {
    return fail(
      'invalid_request',
      'event_types must be a non-empty list, or omitted for all',
      'event_types',
      allowed,
    );
  }
  const unknown = value.filter((t) => typeof t !== 'string' || !isOutgoingEventType(t));
  if (unknown.length > 0) {
    return fail(
      'invalid_request',
      `unknown event type ${unknown.map((t) => JSON.stringify(t)).join(', ')}; known: ${OUTGOING_EVENT_TYPES.join(', ')}`,
      'event_types',
      { ...allowed, unknown },
    );
  }
  return ok([...new Set(value as OutgoingEventType[])]);
}

/** Adds an endpoint; answers it with its signing secret (once). */
export async function createWebhookEndpoint(
  ctx: EngineContext,
  input: CreateWebhookEndpointInput,
): Promise<Result<WebhookEndpointCreated>> {
  const url = validateEndpointUrl(input.url);
  if (!url.ok) return url;
  const eventTypes = validateEventTypes(input.eventTypes);
  if (!eventTypes.ok) return eventTypes;
  const description = validateText(input.description, 'description');
  if (!description.ok) return description;
  const { idempotencyKey: _k, tenantId, ...call } = input;
  let shown: string | null = null;
  const created = await runIdempotent(
    ctx,
    { ...input, operation: 'create_webhook_endpoint', input: call },
    async (tx) => {
      if ((await tx.tenants.get(tenantId)) === null)
        return fail('not_found', `no tenant ${tenantId}`, 'tenant');
      const row: WebhookEndpointRow = {
        tenantId,
        id: ctx.newId(),
        url: url.value,
        secret: generateEndpointSecret(),
        description: description.value,
        eventTypes: eventTypes.value,
        createdAt: ctx.now(),
        disabledAt: null,
      };
      await tx.webhooks.insertEndpoint(row);
      shown = row.secret;
      return ok({ endpoint: presentWebhookEndpoint(row), secret: null });
    },
  );
  // The stored answer never holds the secret: a replay answers the same endpoint without it.
  return created.ok ? ok({ ...created.value, secret: shown }) : created;
}

/** The tenant's endpoints that are not deleted, oldest first. */
export async function listWebhookEndpoints(
  ctx: EngineContext,
  tenantId: string,
): Promise<Result<WebhookEndpointInfo[]>> {
  const rows = await ctx.store.read((tx) => tx.webhooks.listActiveEndpoints(tenantId));
  return ok(rows.map(presentWebhookEndpoint));
}

/** Deletes an endpoint (it receives nothing more; its log stays). Deleting it again answers the same record. */
export async function deleteWebhookEndpoint(
  ctx: EngineContext,
  input: Mutation & { readonly endpointId: string },
): Promise<Result<WebhookEndpointInfo>> {
  const invalid = validateId(input.endpointId, 'id');
  if (!invalid.ok) return invalid;
  return runIdempotent(
    ctx,
    { ...input, operation: 'delete_webhook_endpoint', input: { endpointId: input.endpointId } },
    async (tx) => {
      if (!(await tx.webhooks.disableEndpoint(input.tenantId, input.endpointId, ctx.now()))) {
        return fail('not_found', `no webhook endpoint ${input.endpointId}`, 'id');
      }
      const row = (await tx.webhooks.getEndpoint(input.tenantId, input.endpointId)) as WebhookEndpointRow;
      return ok(presentWebhookEndpoint(row));
    },
  );
}
