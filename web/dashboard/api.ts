/**
 * The dashboard's calls to the API: same-origin, authenticated by the HttpOnly operator cookie
 * (the page never holds a key or the session token), every write carrying the session's CSRF
 * token and a fresh Idempotency-Key. Errors keep the API's one shape.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';

/** Remembers the CSRF token of the signed-in session (from `GET /v1/operator/session`). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    headers['x-csrf-token'] = csrfToken;
    if (!path.startsWith('/v1/operator/')) headers['idempotency-key'] = crypto.randomUUID();
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; param?: string };
  };
  if (!res.ok) {
    const e = json.error ?? { code: 'http_error', message: `HTTP ${res.status}` };
    throw new ApiError(res.status, e.code, e.message, e.param);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => send<T>('POST', path, body),
  del: <T>(path: string) => send<T>('DELETE', path),
};

/** `?a=1&b=2` from the defined values. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length === 0
    ? ''
    : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}
