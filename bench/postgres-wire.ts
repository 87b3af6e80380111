/**
 * Counts what the engine really sends to PostgreSQL: a TCP proxy between the engine's pool and
 * the server that reads the wire protocol on the way through. It needs no hook in the engine
 * or the store, so it counts BEGIN and COMMIT, pipelining and the driver's own extra trips
 * (a first Parse/Describe) exactly as the server sees them.
 *
 * - A statement is an Execute (extended protocol) or a Query (simple protocol) message; each is
 *   labelled by its SQL (`SELECT customers FOR UPDATE`, `INSERT journal_entries`, `BEGIN`, …).
 * - A round trip is a burst of client messages sent while nothing the client sent before is
 *   unanswered: a burst opens with the first statement sent when every Sync (or simple query)
 *   so far has had its ReadyForQuery, and stays open until all of its own are answered. So
 *   statements pipelined without waiting share one round trip even when the driver writes them
 *   to the socket in two pieces (postgres.js writes at once past 1 kB, else at setImmediate) and
 *   the server answers the first piece before the second arrives. Rarely, when the first piece is
 *   answered completely before the second is read here, a burst is counted twice; never too few.
 * The proxy adds a hop, so it is used only for counting, never for timing.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface WireCounts {
  readonly roundTrips: number;
  readonly statements: number;
  /** Statements by label. */
  readonly byLabel: ReadonlyMap<string, number>;
}

/** One statement as the server received it, numbered by the round trip it went out in. */
export interface WireStatement {
  readonly roundTrip: number;
  readonly label: string;
}

export interface CountingProxy {
  /** The connection URL that goes through the proxy. */
  readonly url: string;
  counts(): WireCounts;
  /** Every statement so far, in the order sent (kept only when started with `trail: true`). */
  trail(): readonly WireStatement[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
/** Client message types of the query protocols (not startup or authentication). */
const QUERY_MESSAGES = new Set(['Q', 'P', 'B', 'D', 'E', 'S', 'H', 'C']);

/** `SELECT customers FOR UPDATE`, `INSERT journal_entries`, `BEGIN`: a statement's verb and tables. */
export function labelStatement(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const verb = (text.split(' ')[0] ?? '').toUpperCase();
  if (['BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE'].includes(verb)) return verb;
  const tables = [
    ...new Set([...text.matchAll(/\b(?:from|into|update|join)\s+("?[a-z_][\w.]*"?)/gi)].map((m) => m[1])),
  ];
  const lock = /\bfor update\b/i.test(text) ? ' FOR UPDATE' : '';
  // No table (`SELECT pg_advisory_xact_lock(…)`): the function called.
  const what =
    tables.length > 0 ? tables.slice(0, 3).join(', ') : (text.split('(')[0] ?? '').slice(verb.length + 1);
  return `${verb} ${what}${lock}`.trim();
}

/** Reads a NUL-terminated string at `offset`; answers it and the offset after it. */
function cstring(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  return [buf.toString('utf8', offset, end), end + 1];
}

/** Starts the proxy on 127.0.0.1 (an ephemeral port) in front of the server named by `url`. */
export async function startCountingProxy(
  url: string,
  options: { trail?: boolean } = {},
): Promise<CountingProxy> {
  const target = new URL(url);
  let roundTrips = 0;
  let statements = 0;
  const byLabel = new Map<string, number>();
  const trail: WireStatement[] = [];
  const count = (sql: string | undefined, roundTrip: number) => {
    statements += 1;
    const label = labelStatement(sql ?? '?');
    byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
    if (options.trail) trail.push({ roundTrip, label });
  };
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const prepared = new Map<string, string>();
    let bound: string | undefined;
    let startup = true;
    let sslAnswer = false;
    let pending: Buffer = Buffer.alloc(0);
    let answers: Buffer = Buffer.alloc(0);
    /** Syncs and simple queries sent and not yet answered by ReadyForQuery. */
    let outstanding = 0;
    /** Whether the client's current burst is still open (something it sent is unanswered). */
    let inBurst = false;
    const statement = (sql: string | undefined) => {
      if (!inBurst) {
        roundTrips += 1;
        inBurst = true;
      }
      count(sql, roundTrips);
    };

    /** Parses whole client messages, counting statements and what awaits an answer. */
    const parse = (): void => {
      for (;;) {
        if (startup) {
          if (pending.length < 8) return;
          const length = pending.readUInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readUInt32BE(4);
          startup = code === SSL_REQUEST || code === GSS_REQUEST;
          sslAnswer = startup;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readUInt32BE(1);
        if (pending.length < length + 1) return;
        const type = String.fromCharCode(pending[0] ?? 0);
        const body = pending.subarray(5, length + 1);
        if (QUERY_MESSAGES.has(type) && !inBurst) {
          roundTrips += 1;
          inBurst = true;
        }
        if (type === 'Q') statement(cstring(body, 0)[0]);
        else if (type === 'P') {
          const [name, at] = cstring(body, 0);
          prepared.set(name, cstring(body, at)[0]);
        } else if (type === 'B') {
          const [, at] = cstring(body, 0);
          bound = prepared.get(cstring(body, at)[0]);
        } else if (type === 'E') statement(bound);
        if (type === 'S' || type === 'Q') outstanding += 1;
        pending = pending.subarray(length + 1);
      }
    };

    /** Reads the server's messages: each ReadyForQuery answers one Sync or simple query. */
    const read = (): void => {
      if (sslAnswer && answers.length > 0) {
        sslAnswer = false;
        answers = answers.subarray(1);
      }
      while (answers.length >= 5) {
        const length = answers.readUInt32BE(1);
        if (answers.length < length + 1) return;
        if (answers[0] === 0x5a /* Z */) {
          outstanding = Math.max(0, outstanding - 1);
          if (outstanding === 0) inBurst = false;
        }
        answers = answers.subarray(length + 1);
      }
    };

    client.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      parse();
      upstream.write(chunk);
    });
    // The server's answers reach the client two turns of the event loop late, and a burst
    // closes only when they are handed over. postgres.js writes one pipelined burst in pieces
    // (past 1 kB at once, the rest at setImmediate); the delay makes sure every piece is read
    // here before the client could have seen an answer, so a burst is never counted twice,
    // and a client that waited for an answer is always counted anew. Only counting runs through here.
    let incoming: Buffer[] = [];
    const handOver = () => {
      const data = Buffer.concat(incoming);
      incoming = [];
      answers = answers.length === 0 ? data : Buffer.concat([answers, data]);
      read();
      client.write(data);
    };
    upstream.on('data', (chunk: Buffer) => {
      if (incoming.length === 0) setImmediate(() => setImmediate(handOver));
      incoming.push(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(address.port);
  proxied.searchParams.delete('sslmode');
  return {
    url: proxied.toString(),
    counts: () => ({ roundTrips, statements, byLabel: new Map(byLabel) }),
    trail: () => [...trail],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export const emptyCounts = (): WireCounts => ({ roundTrips: 0, statements: 0, byLabel: new Map() });

function combine(a: WireCounts, b: WireCounts, sign: 1 | -1): WireCounts {
  const byLabel = new Map(a.byLabel);
  for (const [label, n] of b.byLabel) byLabel.set(label, (byLabel.get(label) ?? 0) + sign * n);
  for (const [label, n] of byLabel) if (n === 0) byLabel.delete(label);
  return {
    roundTrips: a.roundTrips + sign * b.roundTrips,
    statements: a.statements + sign * b.statements,
    byLabel,
  };
}

/** What happened on the wire between two snapshots. */
export const diffCounts = (before: WireCounts, after: WireCounts): WireCounts => combine(after, before, -1);

export const addCounts = (a: WireCounts, b: WireCounts): WireCounts => combine(a, b, 1);
