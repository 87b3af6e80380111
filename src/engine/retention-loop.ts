/**
 * Runs retention in a server process (like the webhook dispatcher): one `pruneRetained` pass
 * every interval (10 minutes by default), at most `maxBatches` small transactions per kind of
 * row per pass so a backlog is worked off over several passes instead of in one long burst,
 * never two passes at once, a failed pass reported and the loop kept going. Several processes
 * may run it: each DELETE repeats its condition, so two passes on the same rows do no harm.
 */
import { type BackgroundLoop, startBackgroundLoop } from './background-loop.ts';
import type { Engine } from './engine.ts';
import type { PruneResult, RetentionPolicy } from './retention.ts';

export interface RetentionLoopOptions extends RetentionPolicy {
  readonly intervalMs?: number;
  /** Called when a pass throws (a store error); the loop goes on. */
  readonly onError?: (error: unknown) => void;
  /** Called after each pass that deleted something. */
  readonly onPass?: (result: PruneResult) => void;
}

/** Starts the loop; the timer does not keep the process alive. */
export function startRetentionLoop(
  engine: Pick<Engine, 'pruneRetained'>,
  options: RetentionLoopOptions = {},
): BackgroundLoop {
  const { intervalMs, onError, onPass, ...policy } = options;
  return startBackgroundLoop(
    async () => {
      const result = await engine.pruneRetained({ maxBatches: 20, ...policy });
      if (Object.values(result).some((n) => n > 0)) onPass?.(result);
    },
    intervalMs ?? 600_000,
    onError,
  );
}
