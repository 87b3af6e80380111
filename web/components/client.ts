/**
 * The kit's client: a base URL and a short-lived customer session token, minted by the
 * tenant's backend with `POST /v1/customers/:id/sessions`. Never give it a secret key: it runs
 * in the customer's browser. A session token can read its one customer's balance, history and
 * prices and start a checkout; everything that spends credits stays on the tenant's server.
 */
import type {
  KitAffordability,
  KitCatalog,
  KitCheckout,
  KitCheckoutItem,
  KitCustomer,
  KitLedgerPage,
  KitParams,
  KitQuote,
} from './types.ts';
import { readAffordability, readCatalog, readCustomer, readLedgerPage, readQuote } from './wire.ts';

export interface TollgateClientOptions {
  /** Where the Tollgate API answers, e.g. `https://credits.example.com` (no trailing `/v1`). */
  readonly baseUrl: string;
  /** The customer session token (starts with `cst_` or whatever the server mints). */
  readonly sessionToken: string;
  /** The customer the token belongs to (the tenant's own id). */
  readonly customerId: string;
  /** Swap in for tests or instrumentation; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** An error answer of the API, in its one shape. */
export class TollgateApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | null;

  constructor(status: number, code: string, message: string, param: string | null) {
    super(message);
    this.name = 'TollgateApiError';
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

/** What the components need from the API. */
export interface TollgateClient {
  readonly customerId: string;
  getCustomer(signal?: AbortSignal): Promise<KitCustomer>;
  listLedger(options?: {
    cursor?: string | null;
    limit?: number;
    signal?: AbortSignal;
  }): Promise<KitLedgerPage>;
  getCatalog(signal?: AbortSignal): Promise<KitCatalog>;
  quote(model: string, params: KitParams, signal?: AbortSignal): Promise<KitQuote>;
  /** How many more generations the customer can afford, for one model or category if named. */
  getAffordability(
    filter?: { model?: string; category?: string },
    signal?: AbortSignal,
  ): Promise<KitAffordability>;
  startCheckout(item: KitCheckoutItem, urls: { successUrl: string; cancelUrl: string }): Promise<KitCheckout>;
}

function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

async function readError(response: Response): Promise<TollgateApiError> {
  let body: { error?: { code?: string; message?: string; param?: string | null } } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // not JSON: keep the status text
  }
  const e = body.error ?? {};
  return new TollgateApiError(
    response.status,
    e.code ?? `http_${response.status}`,
    e.message ?? response.statusText,
    e.param ?? null,
  );
}

/** Makes the client the components are given. */
export function createTollgateClient(options: TollgateClientOptions): TollgateClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const customerPath = `/v1/customers/${encodeURIComponent(options.customerId)}`;

  async function request(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.sessionToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['idempotency-key'] = newIdempotencyKey();
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (signal !== undefined) init.signal = signal;
    const response = await doFetch(`${base}${path}`, init);
    if (!response.ok) throw await readError(response);
    return response.json();
  }

  return {
    customerId: options.customerId,
    getCustomer: async (signal) => readCustomer(await request('GET', customerPath, undefined, signal)),
    listLedger: async ({ cursor, limit, signal } = {}) => {
      const query = new URLSearchParams();
      if (limit !== undefined) query.set('limit', String(limit));
      if (cursor) query.set('cursor', cursor);
      const suffix = query.size > 0 ? `?${query}` : '';
      return readLedgerPage(await request('GET', `${customerPath}/ledger${suffix}`, undefined, signal));
    },
    getCatalog: async (signal) => readCatalog(await request('GET', '/v1/catalog', undefined, signal)),
    quote: async (model, params, signal) =>
      readQuote(await request('POST', '/v1/quotes', { customer: options.customerId, model, params }, signal)),
    getAffordability: async (filter = {}, signal) => {
      const query = new URLSearchParams();
      if (filter.model !== undefined) query.set('model', filter.model);
      if (filter.category !== undefined) query.set('category', filter.category);
      const suffix = query.size > 0 ? `?${query}` : '';
      return readAffordability(
        await request('GET', `${customerPath}/affordability${suffix}`, undefined, signal),
      );
    },
    startCheckout: async (item, urls) => {
      const json = (await request('POST', '/v1/checkout', {
        customer: options.customerId,
        ...item,
        success_url: urls.successUrl,
        cancel_url: urls.cancelUrl,
      })) as { url?: string; test_mode?: boolean };
      return { url: json.url ?? '', testMode: json.test_mode === true };
    },
  };
}
