/**
 * HTTP benchmark (issue 5 item 7): authorize+commit pairs per second through the API on
 * SQLite, with p50/p99 per pair, next to a bare Fastify route in the same run. The server runs
 * in its own process (bench/http-server.ts); the load comes from a small keep-alive loader
 * here on `node:http` (N connections, each sending its next request when the last answered).
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { assertVerified, type Figures, type PartResult } from './part.ts';
import { fmt, pct, percentile, round } from './stats.ts';

export interface HttpBenchResult {
  readonly connections: number;
  readonly seconds: number;
  readonly pairs: number;
  readonly pairsPerSecond: number;
  readonly pairP50Ms: number;
  readonly pairP99Ms: number;
  readonly bareRequestsPerSecond: number;
  readonly bareP50Ms: number;
  readonly bareP99Ms: number;
  readonly failures: number;
}

const CONNECTIONS = 64;
/** Both loads run in alternating slices, so a machine busy with other work slows both alike. */
const ROUNDS = 4;
const SLICE_SECONDS = 2;

function post(
  agent: Agent,
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface Load {
  readonly latencies: number[];
  failures: number;
  seconds: number;
}

/** Runs `step` on every connection for one slice, adding each step's latency (ms) to `load`. */
export async function runSlice(
  load: Load,
  step: (agent: Agent, conn: number, i: number) => Promise<boolean>,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const { latencies } = load;
  const start = performance.now();
  const end = start + SLICE_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, conn) => {
      for (let i = 0; performance.now() < end; i += 1) {
        const t0 = performance.now();
        if (await step(agent, conn, i)) latencies.push(performance.now() - t0);
        else load.failures += 1;
      }
    }),
  );
  agent.destroy();
  load.seconds += (performance.now() - start) / 1000;
}

/** The bench server process (bench/http-server.ts): its URLs and key, and its JSON-line replies. */
export interface BenchServer {
  readonly info: { tollgate: string; bare: string; key: string; customers: number };
  /** Sends one command line (`verify`, `profile`, `profile-stop FILE`) and answers its reply. */
  ask<T>(command: string): Promise<T>;
  stop(): void;
}

/** Starts the server process and waits for its first line. */
export async function startBenchServer(): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./http-server.ts', import.meta.url)), '1000'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  // The server answers one JSON line at start (its URLs and key) and one per command.
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const readLine = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`bench server exited (code ${child.exitCode})`);
    return JSON.parse(line.value) as T;
  };
  try {
    const info = await readLine<BenchServer['info']>();
    return {
      info,
      ask: <T>(command: string) => {
        child.stdin.write(`${command}\n`);
        return readLine<T>();
      },
      stop: () => child.kill('SIGTERM'),
    };
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
}

/** One authorize+commit pair through the API on the connection `conn` (true if both answered 200). */
export function pairStep(info: BenchServer['info'], round: number) {
  const auth = { authorization: `Bearer ${info.key}` };
  return async (agent: Agent, conn: number, n: number): Promise<boolean> => {
    const i = `${round}-${conn}-${n}`;
    const customer = `c${(conn * 7919 + round * 131 + n) % info.customers}`;
    const hold = await post(
      agent,
      `${info.tollgate}/v1/holds`,
      { customer, model: 'musicgen', params: { duration: 10 } },
      { ...auth, 'idempotency-key': `h-${i}` },
    );
    if (hold.status !== 200) return false;
    const commit = await post(
      agent,
      `${info.tollgate}/v1/holds/${hold.json.id}/commit`,
      {},
      { ...auth, 'idempotency-key': `c-${i}` },
    );
    return commit.status === 200;
  };
}

/** Starts the server process and runs both loads; answers the figures. */
export async function runHttpBench(): Promise<HttpBenchResult> {
  const server = await startBenchServer();
  const { info } = server;
  try {
    const bare: Load = { latencies: [], failures: 0, seconds: 0 };
    const pairs: Load = { latencies: [], failures: 0, seconds: 0 };
    const bareStep = async (agent: Agent) => (await post(agent, `${info.bare}/bare`, {}, {})).status === 200;
    for (let round = 0; round < ROUNDS; round++) {
      await runSlice(bare, bareStep);
      await runSlice(pairs, pairStep(info, round));
    }
    pairs.latencies.sort((a, b) => a - b);
    bare.latencies.sort((a, b) => a - b);
    assertVerified('the HTTP pairs', await server.ask<{ ok: boolean; problems: string[] }>('verify'));
    return {
      connections: CONNECTIONS,
      seconds: ROUNDS * SLICE_SECONDS,
      pairs: pairs.latencies.length,
      pairsPerSecond: pairs.latencies.length / pairs.seconds,
      pairP50Ms: percentile(pairs.latencies, 50),
      pairP99Ms: percentile(pairs.latencies, 99),
      bareRequestsPerSecond: bare.latencies.length / bare.seconds,
      bareP50Ms: percentile(bare.latencies, 50),
      bareP99Ms: percentile(bare.latencies, 99),
      failures: pairs.failures + bare.failures,
    };
  } finally {
    server.stop();
  }
}

/** The HTTP section of docs/benchmarks.md. */
function formatSection(r: HttpBenchResult, f: Figures): string[] {
  return [
    '## HTTP API on SQLite (separate server process, keep-alive loader on 127.0.0.1)',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${r.connections} connections, ${r.seconds} s per load in ${ROUNDS} alternating slices; every pair is`,
    '`POST /v1/holds` then `POST /v1/holds/:id/commit` (MusicGen, 10 s clip, 1,000 customers), each with',
    'authentication, an Idempotency-Key, zod validation and synchronous=FULL group commit. The bare route is a',
    'Fastify `POST` answering `{"ok":true}` from a second server in the same process, measured in the same run.',
    '`tollgate verify` passed in the server process after the run.',
    '',
    '| measure | this run | aim (issue 13) |',
    '| --- | --- | --- |',
    `| authorize+commit pairs per second | ${fmt(r.pairsPerSecond)} | |`,
    `| p50 / p99 per pair | ${fmt(r.pairP50Ms, 1)} / ${fmt(r.pairP99Ms, 1)} ms | |`,
    `| bare Fastify route, requests per second | ${fmt(r.bareRequestsPerSecond)} | |`,
    `| bare route p50 / p99 | ${fmt(r.bareP50Ms, 1)} / ${fmt(r.bareP99Ms, 1)} ms | |`,
    `| **Tollgate requests (2 per pair) / bare route requests** | **${pct(f.requests_vs_bare ?? Number.NaN)}** | ≥ 40 % |`,
    `| refused or failed requests | ${r.failures} | 0 |`,
  ];
}

/** Runs the HTTP part (bench/parts.ts). */
export async function benchHttp(): Promise<PartResult> {
  const r = await runHttpBench();
  const figures: Figures = {
    pairs_per_s: round(r.pairsPerSecond),
    requests_per_s: round(2 * r.pairsPerSecond),
    pair_p50_ms: round(r.pairP50Ms),
    pair_p99_ms: round(r.pairP99Ms),
    bare_requests_per_s: round(r.bareRequestsPerSecond),
    bare_p50_ms: round(r.bareP50Ms),
    failures: r.failures,
    requests_vs_bare: round((2 * r.pairsPerSecond) / r.bareRequestsPerSecond, 4),
  };
  return { figures, section: formatSection(r, figures) };
}
