/**
 * One delivery attempt of one outgoing webhook. The dispatch loop (`dispatch.ts`) calls
 * `deliverOnce` per due delivery and stores the returned record in the delivery log; the
 * record says whether the message is done, when to try again, or that it was given up.
 * Failures of the tenant's endpoint are data in the record, never throws.
 */
import { planNextAttempt, type RetryPolicy } from './backoff.ts';
import { type OutgoingMessage, serializeMessage, type WebhookEndpoint } from './events.ts';
import { postPinned, TargetRefusedError, TargetUnresolvedError } from './pinned-request.ts';
import { signWebhookMessage } from './sign.ts';
import type { ResolveAll } from './target-policy.ts';

/** The outcome of one attempt, as the delivery log stores it. */
export interface DeliveryRecord {
  readonly messageId: string;
  readonly endpointUrl: string;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Epoch ms when the request was sent. */
  readonly attemptedAt: number;
  /** HTTP status answered, null when no answer came (refused, timed out). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  /** Why the attempt failed, null when delivered. */
  readonly error: string | null;
  /** First bytes of the endpoint's answer, to help the tenant debug. */
  readonly responseSnippet: string | null;
  readonly outcome: 'delivered' | 'retry' | 'gave_up';
  /** When to try again (epoch ms) for `retry`, else null. */
  readonly nextAttemptAt: number | null;
}

export interface DeliverOnceInput {
  readonly endpoint: WebhookEndpoint;
  readonly message: OutgoingMessage;
  /** 1-based number of this attempt (the outbox row's attempts so far + 1). */
  readonly attempt?: number;
  /** `WEBHOOK_ALLOW_PRIVATE`: may the endpoint be on this machine or the private network. */
  readonly allowPrivate?: boolean;
  /** Name resolution, injected in tests (rebinding); `dns.lookup` by default. */
  readonly resolveAll?: ResolveAll;
  /** Clock in epoch ms; read before and after the request. */
  readonly now?: () => number;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
  readonly policy?: RetryPolicy;
  /** The endpoint must answer within this; default 10 s. */
  readonly timeoutMs?: number;
}

/** Most bytes of an answer read from the endpoint. */
const READ_BYTES = 4096;
/** Most characters of the answer and of the error kept in the delivery log. */
const LOG_CHARS = 512;
/** The one error for every attempt that got no HTTP answer: it must not tell a closed port from a filtered one. */
export const NO_ANSWER = 'endpoint gave no answer (connection failed or timed out)';

/**
 * Sends one signed attempt of a message to an endpoint. 2xx is delivered; anything else
 * (3xx included: redirects are not followed, the signature is for this URL), a timeout, a
 * network error or a target on a private address (checked on the address connected to, unless
 * `allowPrivate`) is a failure scheduled for retry by the backoff policy, or given up.
 */
export async function deliverOnce(input: DeliverOnceInput): Promise<DeliveryRecord> {
  const now = input.now ?? Date.now;
  const attempt = input.attempt ?? 1;
  const body = serializeMessage(input.message);
  const attemptedAt = now();
  const headers = signWebhookMessage({
    secret: input.endpoint.secret,
    messageId: input.message.id,
    timestamp: attemptedAt,
    body,
  });
  let statusCode: number | null = null;
  let error: string | null = null;
  let responseSnippet: string | null = null;
  try {
    const answer = await postPinned({
      url: input.endpoint.url,
      headers: { 'content-type': 'application/json', 'user-agent': 'Tollgate-Webhooks/1', ...headers },
      body,
      timeoutMs: input.timeoutMs ?? 10_000,
      allowPrivate: input.allowPrivate ?? false,
      maxBytes: READ_BYTES,
      ...(input.resolveAll === undefined ? {} : { resolveAll: input.resolveAll }),
    });
    statusCode = answer.status;
    responseSnippet = answer.body.slice(0, LOG_CHARS);
    if (statusCode < 200 || statusCode >= 300) error = `endpoint answered ${statusCode}`;
  } catch (cause) {
    error = describeSendError(cause).slice(0, LOG_CHARS);
  }
  const finishedAt = now();
  const base = {
    messageId: input.message.id,
    endpointUrl: input.endpoint.url,
    attempt,
    attemptedAt,
    statusCode,
    durationMs: Math.max(0, finishedAt - attemptedAt),
    error,
    responseSnippet,
  };
  if (error === null) return { ...base, outcome: 'delivered', nextAttemptAt: null };
  const next = planNextAttempt({
    attempt,
    now: finishedAt,
    random: input.random ?? Math.random,
    ...(input.policy === undefined ? {} : { policy: input.policy }),
  });
  return next.kind === 'retry'
    ? { ...base, outcome: 'retry', nextAttemptAt: next.at }
    : { ...base, outcome: 'gave_up', nextAttemptAt: null };
}

/** A one-line reason for an attempt that got no answer; never the socket error itself. */
function describeSendError(cause: unknown): string {
  if (cause instanceof TargetRefusedError) return `endpoint not allowed: ${cause.message}`;
  if (cause instanceof TargetUnresolvedError) return `endpoint host did not resolve: ${cause.message}`;
  // NoAnswerError and anything unexpected: refused, reset and timed out read alike.
  return NO_ANSWER;
}
