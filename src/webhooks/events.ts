/**
 * The events Tollgate sends to a tenant's webhook endpoints (issue 6, item 5), and the
 * message the outbox holds for each. The engine writes an outbox row in the same transaction
 * as the change it reports; the delivery loop turns each row into an `OutgoingMessage`.
 */

/** Every outgoing event type, as a const so a typo does not compile. */
export const OutgoingEventType = {
  purchaseCompleted: 'purchase.completed',
  planChanged: 'plan.changed',
  balanceThresholdCrossed: 'balance.threshold_crossed',
  balanceLow: 'balance.low',
  balanceDepleted: 'balance.depleted',
  quotaWarning: 'quota.warning',
  grantExpired: 'grant.expired',
  rewardGranted: 'reward.granted',
  autoTopUpSucceeded: 'auto_top_up.succeeded',
  autoTopUpFailed: 'auto_top_up.failed',
} as const;

export type OutgoingEventType = (typeof OutgoingEventType)[keyof typeof OutgoingEventType];

/** All outgoing event types, for endpoint subscriptions and validation. */
export const OUTGOING_EVENT_TYPES: readonly OutgoingEventType[] = Object.values(OutgoingEventType);

/** One message to deliver: an outbox row. The id stays the same across retries and replays. */
export interface OutgoingMessage {
  /** Unique and stable (`msg_` + UUIDv7): receivers deduplicate on it (`webhook-id`). */
  readonly id: string;
  readonly type: OutgoingEventType;
  /** JSON-serializable, snake_case like the HTTP API. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Epoch ms when the change happened. */
  readonly createdAt: number;
}

/** Prefix of message ids (`webhook-id`): `msg_` + the outbox row's id. */
export const MESSAGE_ID_PREFIX = 'msg_';

/** The `webhook-id` of an outbox event, the same for every endpoint, retry and replay. */
export function messageIdOf(eventId: string): string {
  return `${MESSAGE_ID_PREFIX}${eventId}`;
}

/** The outbox id behind a message id (a bare outbox id is accepted too). */
export function eventIdOf(messageId: string): string {
  return messageId.startsWith(MESSAGE_ID_PREFIX) ? messageId.slice(MESSAGE_ID_PREFIX.length) : messageId;
}

/** Whether a string is one of the outgoing event types. */
export function isOutgoingEventType(value: string): value is OutgoingEventType {
  return (OUTGOING_EVENT_TYPES as readonly string[]).includes(value);
}

/** A tenant's endpoint: where to send and the `whsec_...` secret to sign with. */
export interface WebhookEndpoint {
  readonly url: string;
  readonly secret: string;
}

/**
 * The body sent for a message, in the Standard Webhooks shape `{type, timestamp, data}`.
 * Serialized once per attempt; the signature covers exactly these bytes.
 */
export function serializeMessage(message: OutgoingMessage): string {
  return JSON.stringify({
    type: message.type,
    timestamp: new Date(message.createdAt).toISOString(),
    data: message.payload,
  });
}
