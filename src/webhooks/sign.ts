/**
 * Signing outgoing webhooks the Standard Webhooks way, with the `standardwebhooks` package:
 * `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`), so a
 * tenant can verify them with any Standard Webhooks library.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** The three headers a Standard Webhooks receiver checks. */
export interface StandardWebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** Prefix of endpoint secrets, as the Standard Webhooks libraries expect. */
export const ENDPOINT_SECRET_PREFIX = 'whsec_';

/**
 * Signs one attempt of a message. `timestamp` is the attempt's time (epoch ms), not the
 * message's creation time, so a retry hours later still passes the receiver's 5-minute check.
 */
export function signWebhookMessage(input: {
  readonly secret: string;
  readonly messageId: string;
  readonly timestamp: number;
  readonly body: string;
}): StandardWebhookHeaders {
  const webhook = new Webhook(input.secret);
  const at = new Date(input.timestamp);
  return {
    'webhook-id': input.messageId,
    'webhook-timestamp': String(Math.floor(input.timestamp / 1000)),
    'webhook-signature': webhook.sign(input.messageId, at, input.body),
  };
}

/** A new endpoint secret: 32 random bytes, base64, with the `whsec_` prefix. Shown to the tenant once. */
export function generateEndpointSecret(): string {
  return `${ENDPOINT_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}
