/**
 * The client's one way to call the API: `fetch` (no Node-only imports, so the browser kit uses
 * the same code), JSON in and out, the bearer key, and retries of network failures and 5xx
 * answers with the same `Idempotency-Key`, so a retried mutation happens once.
 */
import { readErrorAnswer, TollgateNetworkError } from './errors.ts';

export interface TransportOptions {
  /** Where the API is, e.g. `http://127.0.0.1:8787`. */
  readonly baseUrl: string;
  /** A tenant secret key (server side) or a customer session token (browser). */
  readonly apiKey: string;
  /** Another fetch (tests, polyfills); default: the global one. */
  readonly fetch?: typeof fetch;
  /** Retries after the first attempt for network errors and 5xx answers (default 3). */
  readonly maxRetries?: number;
  /** First backoff in ms, doubled each retry (default 100). */
  readonly retryDelayMs?: number;
}

export interface CallOptions {
  /** The key for a mutation; made once per call when absent and reused by every retry. */
  readonly idempotencyKey?: string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A fresh idempotency key (a random UUID). */
export function createIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends requests for one key. */
export interface Transport {
  request<T>(
    method: Method,
    path: string,
    body?: unknown,
    options?: CallOptions & { idempotent?: boolean; contentType?: string },
  ): Promise<T>;
}

/** Creates the transport. */
export function createTransport(options: TransportOptions): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const maxRetries = options.maxRetries ?? 3;
  const delay = options.retryDelayMs ?? 100;
  return {
    async request<T>(
      method: Method,
      path: string,
      body?: unknown,
      call: CallOptions & { idempotent?: boolean; contentType?: string } = {},
    ) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.apiKey}`,
        accept: 'application/json',
      };
      if (call.idempotent) headers['idempotency-key'] = call.idempotencyKey ?? createIdempotencyKey();
      // A text body with its own type (a catalog file) is sent as is; anything else as JSON.
      const raw = call.contentType !== undefined && typeof body === 'string';
      if (body !== undefined)
        headers['content-type'] = raw ? (call.contentType as string) : 'application/json';
      const init: RequestInit = {
        method,
        headers,
        ...(body === undefined ? {} : { body: raw ? (body as string) : JSON.stringify(body) }),
      };
      let lastError: unknown;
      for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
        if (attempt > 0) await sleep(delay * 2 ** (attempt - 1));
        let response: Response;
        try {
          response = await doFetch(`${base}${path}`, init);
        } catch (error) {
          lastError = error;
          continue;
        }
        const text = await response.text();
        const parsed: unknown = text === '' ? null : safeParse(text);
        if (response.ok) return parsed as T;
        const error = readErrorAnswer(response.status, parsed, response.headers.get('retry-after'));
        if (response.status >= 500 && attempt < maxRetries) {
          lastError = error;
          continue;
        }
        throw error;
      }
      if (lastError instanceof Error && lastError.name === 'TollgateError') throw lastError;
      throw new TollgateNetworkError(`no answer from ${base}${path} after ${maxRetries + 1} attempts`, {
        cause: lastError,
      });
    },
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
