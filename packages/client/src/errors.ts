/**
 * What the client throws: `TollgateError` for an answer in the API's error shape (with the
 * status, code and field, so callers can branch on `insufficient_credits` and friends), and
 * `TollgateNetworkError` when no answer arrived after every retry.
 */

/** Details of a refusal as the API sends them (snake_case). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** An error answer from the API. */
export class TollgateError extends Error {
  override readonly name = 'TollgateError';
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly param: string | undefined,
    readonly details: ErrorDetails | undefined,
    /** Seconds from `Retry-After`, for 429 answers. */
    readonly retryAfter: number | null,
  ) {
    super(message);
  }
}

/** No answer arrived (connection refused, reset, timed out) after every retry. */
export class TollgateNetworkError extends Error {
  override readonly name = 'TollgateNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Builds the error for a non-2xx answer. */
export function readErrorAnswer(status: number, body: unknown, retryAfter: string | null): TollgateError {
  const e = (body as { error?: Record<string, unknown> } | null)?.error;
  const retry = retryAfter === null ? null : Number(retryAfter);
  if (e === undefined || typeof e !== 'object') {
    return new TollgateError(
      status,
      'api_error',
      'unexpected_answer',
      `HTTP ${status}`,
      undefined,
      undefined,
      retry,
    );
  }
  return new TollgateError(
    status,
    String(e.type ?? 'api_error'),
    String(e.code ?? 'unknown'),
    String(e.message ?? `HTTP ${status}`),
    typeof e.param === 'string' ? e.param : undefined,
    typeof e.details === 'object' && e.details !== null ? (e.details as ErrorDetails) : undefined,
    Number.isFinite(retry) ? retry : null,
  );
}
