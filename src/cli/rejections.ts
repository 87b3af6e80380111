/**
 * A promise rejected with nobody waiting on it must not end a server that holds other
 * requests in flight (Node's default for an unhandled rejection is to exit). `serve` logs it
 * as an error and keeps running; the code that let it escape is the bug, the log names it.
 * Uncaught synchronous exceptions still end the process: their state is unknown.
 */

/** Where the rejection is reported. */
export type RejectionLog = (reason: unknown) => void;

/** Installs the handler on `target` (the process); answers a function that removes it. */
export function keepRunningOnUnhandledRejection(
  log: RejectionLog,
  target: Pick<NodeJS.Process, 'on' | 'off'> = process,
): () => void {
  const onRejection = (reason: unknown) => log(reason);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('unhandledRejection', onRejection);
  };
}
