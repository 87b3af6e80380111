/**
 * The shape of a Stripe event that translation reads, and the two small builders every
 * translator uses. Kept apart from `translate.ts` so the translators import it without a cycle.
 */
import type { CommandBase, IgnoreEvent } from './commands.ts';
import { secondsToMs } from './stripe-object.ts';

/** The part of a Stripe event translation reads; `Stripe.Event` fits it. */
export interface StripeEventLike {
  readonly id: string;
  readonly type: string;
  /** Epoch seconds, as Stripe sends it. */
  readonly created: number;
  readonly data: { readonly object: unknown };
}

/** Builds the fields every command carries. */
export function baseOf(event: StripeEventLike): CommandBase {
  return { eventId: event.id, occurredAt: secondsToMs(event.created) };
}

/** An `ignore` command for an event, with why and whether an operator should look. */
export function ignoreEvent(event: StripeEventLike, reason: string, needsAttention = false): IgnoreEvent {
  return { kind: 'ignore', ...baseOf(event), eventType: event.type, reason, needsAttention };
}
