/**
 * One POST to a webhook endpoint, connected to the address that was checked: the host name is
 * resolved once, by the `lookup` hook of `http.request`, the answers are judged by the target
 * policy and the socket connects to one of exactly those addresses, so a DNS answer that
 * changes between the check and the connection (rebinding) cannot reach inside. Redirects are
 * not followed; at most `maxBytes` of the answer are read; the whole exchange has one deadline.
 */
import type { LookupAddress } from 'node:dns';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkHostLiteral, checkResolved, type ResolveAll, systemResolveAll } from './target-policy.ts';

/** The target is not allowed (private address, internal name); nothing was sent. */
export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
}

/** The host name did not resolve. */
export class TargetUnresolvedError extends Error {
  override readonly name = 'TargetUnresolvedError';
}

/** No HTTP answer in time, or the connection failed: deliberately one kind. */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
}

export interface PinnedPostInput {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Operator setting `WEBHOOK_ALLOW_PRIVATE`: skip the address checks. */
  readonly allowPrivate: boolean;
  /** Most bytes of the answer read; the rest is dropped with the connection. */
  readonly maxBytes: number;
  readonly resolveAll?: ResolveAll;
}

export interface PinnedAnswer {
  readonly status: number;
  /** The first `maxBytes` bytes of the answer, as UTF-8. */
  readonly body: string;
}

/** A `lookup` for `http.request` that resolves once, refuses private answers, and pins to them. */
function pinnedLookup(resolveAll: ResolveAll, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname).then(
      (addresses) => {
        if (!allowPrivate) {
          const verdict = checkResolved(hostname, addresses);
          if (!verdict.ok) return callback(new TargetRefusedError(verdict.reason), '', 4);
        }
        const family = options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : options.family;
        const usable: LookupAddress[] =
          family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        const first = usable[0];
        if (first === undefined)
          return callback(new TargetUnresolvedError(`${hostname} has no address`), '', 4);
        if (options.all === true)
          return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, usable);
        callback(null, first.address, first.family);
      },
      () => callback(new TargetUnresolvedError(`${hostname} did not resolve`), '', 4),
    );
  };
}

/** Sends the POST; answers the status and the first bytes, or throws one of the errors above. */
export function postPinned(input: PinnedPostInput): Promise<PinnedAnswer> {
  const url = new URL(input.url);
  if (!input.allowPrivate) {
    const literal = checkHostLiteral(url.hostname);
    if (literal !== null && !literal.ok) return Promise.reject(new TargetRefusedError(literal.reason));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PinnedAnswer>((resolve, reject) => {
    let settled = false;
    let request: ClientRequest | null = null;
    const finish = (error: Error | null, answer?: PinnedAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      if (error === null) resolve(answer as PinnedAnswer);
      else reject(error);
    };
    const timer = setTimeout(() => finish(new NoAnswerError('deadline')), input.timeoutMs);
    request = send(
      url,
      {
        method: 'POST',
        headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
        lookup: pinnedLookup(input.resolveAll ?? systemResolveAll, input.allowPrivate),
        agent: false,
      },
      (response: IncomingMessage) => readAnswer(response, input.maxBytes, finish),
    );
    request.on('error', (error) =>
      finish(
        error instanceof TargetRefusedError || error instanceof TargetUnresolvedError
          ? error
          : new NoAnswerError(error.message),
      ),
    );
    request.end(input.body);
  });
}

function readAnswer(
  response: IncomingMessage,
  maxBytes: number,
  finish: (error: Error | null, answer?: PinnedAnswer) => void,
): void {
  const status = response.statusCode ?? 0;
  const chunks: Buffer[] = [];
  let size = 0;
  const done = () =>
    finish(null, { status, body: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8') });
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= maxBytes) done();
  });
  response.on('end', done);
  // A connection cut mid-answer still has its status: the endpoint did answer.
  response.on('error', done);
  response.on('aborted', done);
}
