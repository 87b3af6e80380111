/**
 * Starts engine processes (test/support/engine-worker.ts under `node --import tsx`) against one
 * PostgreSQL schema and sends them engine calls over IPC. Used by the multi-process race
 * test and by the PostgreSQL benchmark's two-process run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerOp, WorkerReply, WorkerRequest } from './engine-worker.ts';

const WORKER = fileURLToPath(new URL('./engine-worker.ts', import.meta.url));

export interface EngineProcess {
  readonly pid: number;
  /** Runs one engine call in that process; rejects if the engine threw. */
  call(op: WorkerOp, input: unknown): Promise<unknown>;
  /** Closes its store and waits for it to exit. */
  stop(): Promise<void>;
}

/** Forks one engine process and waits until its store is open. */
export async function startEngineProcess(url: string, schema: string, max = 8): Promise<EngineProcess> {
  const child: ChildProcess = fork(WORKER, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let ready: () => void = () => undefined;
  let failed: (e: Error) => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  child.on('message', (reply: WorkerReply) => {
    if (reply.kind === 'ready') return ready();
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined)
      waiter?.reject(new Error(`engine process ${child.pid} threw: ${reply.error}`));
    else waiter?.resolve(reply.result);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    failed(new Error(`engine process exited with ${code} before it was ready`));
    for (const w of pending.values()) w.reject(new Error(`engine process ${child.pid} exited with ${code}`));
  });
  const send = (m: WorkerRequest) => child.send(m);
  send({ kind: 'init', url, schema, max });
  await started;
  return {
    pid: child.pid ?? -1,
    call(op, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error(`engine process ${child.pid} is gone`));
        pending.set(id, { resolve, reject });
        child.send({ kind: 'call', id, op, input } satisfies WorkerRequest, (error) => {
          if (error === null) return;
          pending.delete(id);
          reject(error);
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.connected) send({ kind: 'close' });
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
