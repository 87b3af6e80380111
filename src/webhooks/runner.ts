/**
 * Runs the webhook dispatch loop in a server process: one `dispatchDue` pass every interval
 * (2 s by default, so the first delivery goes out within seconds of the change), never two
 * passes at once, a failed pass logged and the loop kept going. Any number of processes may run
 * it on the same database; leases keep them from sending the same delivery at the same moment.
 * `stop()` stops the timer and waits for the pass in flight (at most one attempt timeout).
 */
import { type BackgroundLoop, startBackgroundLoop } from '../engine/background-loop.ts';
import { type DispatchOptions, type DispatchResult, dispatchDue, type WebhookQueue } from './dispatch.ts';

export interface WebhookDispatcherOptions extends DispatchOptions {
  readonly intervalMs?: number;
  /** Called when a pass throws (a store error); the loop goes on. */
  readonly onError?: (error: unknown) => void;
  /** Called after each pass that did something. */
  readonly onPass?: (result: DispatchResult) => void;
}

export type WebhookDispatcher = BackgroundLoop;

/** Starts the loop; the timer does not keep the process alive. */
export function startWebhookDispatcher(
  queue: WebhookQueue,
  options: WebhookDispatcherOptions = {},
): WebhookDispatcher {
  return startBackgroundLoop(
    async () => {
      const result = await dispatchDue(queue, options);
      if (result.events + result.delivered + result.retrying + result.failed > 0) options.onPass?.(result);
    },
    options.intervalMs ?? 2_000,
    options.onError,
  );
}
