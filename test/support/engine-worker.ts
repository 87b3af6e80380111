/**
 * One engine process for the race test and the benchmark: started with
 * `node --import tsx test/support/engine-worker.ts`, it opens the PostgreSQL store named in its
 * first IPC message and then runs engine calls sent by the parent, answering each Result.
 * The parent decides what to send; this process only executes, like a server process would.
 */
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { openPostgresStore } from '../../src/store/postgres/store.ts';
import type { Store } from '../../src/store/store.ts';
import { type PairsRequest, runPairs } from './run-pairs.ts';

/** Engine calls, plus `pairs`: a benchmark load loop run inside this process. */
export type WorkerOp = 'authorize' | 'commit' | 'pairs';

/** What the parent sends. */
export type WorkerRequest =
  | { readonly kind: 'init'; readonly url: string; readonly schema: string; readonly max: number }
  | { readonly kind: 'call'; readonly id: number; readonly op: WorkerOp; readonly input: unknown }
  | { readonly kind: 'close' };

/** What this process answers. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown; readonly error?: string };

let store: Store | null = null;
let engine: Engine | null = null;

function send(reply: WorkerReply): void {
  if (process.connected) process.send?.(reply);
}

async function handle(message: WorkerRequest): Promise<void> {
  if (message.kind === 'init') {
    store = await openPostgresStore(message.url, { schema: message.schema, max: message.max });
    engine = createEngine({ store });
    send({ kind: 'ready' });
  } else if (message.kind === 'call') {
    try {
      if (engine === null) throw new Error('worker not initialised');
      const result =
        message.op === 'authorize'
          ? await engine.authorize(message.input as Parameters<Engine['authorize']>[0])
          : message.op === 'commit'
            ? await engine.commit(message.input as Parameters<Engine['commit']>[0])
            : await runPairs(engine, message.input as PairsRequest);
      send({ kind: 'result', id: message.id, result });
    } catch (error) {
      send({ kind: 'result', id: message.id, result: null, error: String((error as Error).stack ?? error) });
    }
  } else {
    await store?.close();
    process.disconnect?.();
  }
}

process.on('message', (message: WorkerRequest) => {
  void handle(message);
});
