/**
 * HTTP benchmark (issue 5 item 7): authorize+commit pairs per second through the API on
 * SQLite, with p50/p99 per pair, next to a bare Fastify route in the same run. The server runs
 * in its own process (bench/http-server.ts); the load comes from a small keep-alive loader
 * here on `node:http` (N connections, each sending its next request when the last answered).
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

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
const SECONDS = 8;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

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

/** Runs `step` on every connection until time is up; answers each step's latency in ms. */
async function runLoad(
  step: (agent: Agent, conn: number, i: number) => Promise<boolean>,
): Promise<{ latencies: number[]; failures: number; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, conn) => {
      for (let i = 0; performance.now() < end; i += 1) {
        const t0 = performance.now();
        if (await step(agent, conn, i)) latencies.push(performance.now() - t0);
        else failures += 1;
      }
    }),
  );
  agent.destroy();
  return {
    latencies: latencies.sort((a, b) => a - b),
    failures,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Starts the server process and runs both loads; answers the figures. */
export async function runHttpBench(): Promise<HttpBenchResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./http-server.ts', import.meta.url)), '1000'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const info = await new Promise<{ tollgate: string; bare: string; key: string; customers: number }>(
      (resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line) resolve(JSON.parse(line));
        });
        child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
      },
    );
    const auth = { authorization: `Bearer ${info.key}` };
    const bare = await runLoad(
      async (agent) => (await post(agent, `${info.bare}/bare`, {}, {})).status === 200,
    );
    const pairs = await runLoad(async (agent, conn, i) => {
      const customer = `c${(conn * 7919 + i) % info.customers}`;
      const hold = await post(
        agent,
        `${info.tollgate}/v1/holds`,
        { customer, model: 'musicgen', params: { duration: 10 } },
        { ...auth, 'idempotency-key': `h-${conn}-${i}` },
      );
      if (hold.status !== 200) return false;
      const commit = await post(
        agent,
        `${info.tollgate}/v1/holds/${hold.json.id}/commit`,
        {},
        { ...auth, 'idempotency-key': `c-${conn}-${i}` },
      );
      return commit.status === 200;
    });
    return {
      connections: CONNECTIONS,
      seconds: SECONDS,
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
    child.kill('SIGTERM');
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The HTTP section of docs/benchmarks.md. */
export function formatHttpBench(r: HttpBenchResult): string[] {
  return [
    '## HTTP API on SQLite (separate server process, keep-alive loader on 127.0.0.1)',
    '',
    `${r.connections} connections for ${r.seconds} s each; every pair is \`POST /v1/holds\` then \`POST /v1/holds/:id/commit\``,
    '(MusicGen, 10 s clip, 1,000 customers), each with authentication, an Idempotency-Key, zod validation and',
    'synchronous=FULL group commit. The bare route is a Fastify `POST` answering `{"ok":true}` in the same run.',
    '',
    '| measure | value |',
    '| --- | --- |',
    `| authorize+commit pairs per second | ${fmt(r.pairsPerSecond)} |`,
    `| p50 per pair | ${fmt(r.pairP50Ms, 1)} ms |`,
    `| p99 per pair | ${fmt(r.pairP99Ms, 1)} ms |`,
    `| bare Fastify route, requests per second | ${fmt(r.bareRequestsPerSecond)} |`,
    `| bare route p50 / p99 | ${fmt(r.bareP50Ms, 1)} / ${fmt(r.bareP99Ms, 1)} ms |`,
    `| refused or failed requests | ${r.failures} |`,
    '',
  ];
}

/** Runs the HTTP part and answers its markdown lines (bench/main.ts calls this). */
export async function benchHttp(): Promise<string[]> {
  return formatHttpBench(await runHttpBench());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lines = await benchHttp();
  process.stdout.write(`${lines.join('\n')}\n`);
}
