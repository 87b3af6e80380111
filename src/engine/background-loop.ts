/**
 * A pass run in the background of a server process every interval: never two passes at once
 * (a slow pass makes the next tick skip), a failed pass reported and the loop kept going, the
 * timer never keeping the process alive. `stop()` stops the timer and waits for the pass in
 * flight. The sweep, the usage roll-up, retention and the webhook dispatcher all run this way.
 */

export interface BackgroundLoop {
  /** Stops the loop; resolves when the pass in flight, if any, has finished. */
  stop(): Promise<void>;
}

/** Starts running `pass` every `intervalMs`; a pass that throws goes to `onError`. */
export function startBackgroundLoop(
  pass: () => Promise<void>,
  intervalMs: number,
  onError: (error: unknown) => void = () => {},
): BackgroundLoop {
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || running !== null) return;
    running = pass()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
