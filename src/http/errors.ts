/**
 * The one place that knows HTTP status codes. Every `ErrorCode` has a status and a Stripe-like
 * error type in a `Record<ErrorCode, …>`, so a new code without a status does not compile.
 * Every error answer has the same shape: `{ error: { type, code, message, param?, details? } }`.
 */
import type { FastifyReply } from 'fastify';
import { type DomainError, type ErrorCode, fail } from '../domain/errors.ts';
import { toSnakeCase } from './snake.ts';

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'credit_error'
  | 'rate_limit_error'
  | 'idempotency_error'
  | 'api_error';

/** HTTP status for each error code. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  invalid_catalog: 422,
  unknown_model: 404,
  unknown_plan: 404,
  unknown_pack: 404,
  unpriced_model: 422,
  parameter_out_of_range: 422,
  insufficient_credits: 402,
  credit_cap_reached: 402,
  quota_exceeded: 429,
  not_entitled: 403,
  idempotency_conflict: 409,
  not_found: 404,
  customer_exists: 409,
  hold_not_active: 409,
  too_many_holds: 409,
  charge_not_refundable: 409,
  payments_not_configured: 409,
  reward_not_eligible: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  store_busy: 503,
};

/** Error type for each code: which family of problem it is, as in Stripe's `error.type`. */
export const ERROR_TYPE: Readonly<Record<ErrorCode, ErrorType>> = {
  invalid_request: 'invalid_request_error',
  invalid_catalog: 'invalid_request_error',
  unknown_model: 'invalid_request_error',
  unknown_plan: 'invalid_request_error',
  unknown_pack: 'invalid_request_error',
  unpriced_model: 'invalid_request_error',
  parameter_out_of_range: 'invalid_request_error',
  insufficient_credits: 'credit_error',
  credit_cap_reached: 'credit_error',
  quota_exceeded: 'rate_limit_error',
  not_entitled: 'permission_error',
  idempotency_conflict: 'idempotency_error',
  not_found: 'invalid_request_error',
  customer_exists: 'invalid_request_error',
  hold_not_active: 'invalid_request_error',
  too_many_holds: 'invalid_request_error',
  charge_not_refundable: 'invalid_request_error',
  payments_not_configured: 'invalid_request_error',
  reward_not_eligible: 'invalid_request_error',
  unauthorized: 'authentication_error',
  forbidden: 'permission_error',
  rate_limited: 'rate_limit_error',
  store_busy: 'api_error',
};

/** The error body every refusal answers. */
export interface ErrorBody {
  readonly error: {
    readonly type: ErrorType;
    readonly code: string;
    readonly message: string;
    readonly param?: string;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

/** Engine field names that are HTTP headers in the API's words. */
const PARAM_NAMES: Readonly<Record<string, string>> = { idempotency_key: 'Idempotency-Key' };

/** Builds the body of an error answer. */
export function formatError(error: DomainError): ErrorBody {
  const param =
    error.param === undefined
      ? defaultParam(error.code)
      : Object.hasOwn(PARAM_NAMES, error.param)
        ? PARAM_NAMES[error.param]
        : error.param;
  return {
    error: {
      type: ERROR_TYPE[error.code],
      code: error.code,
      message: error.message,
      ...(param === undefined ? {} : { param }),
      ...(error.details === undefined
        ? {}
        : { details: toSnakeCase(error.details) as Record<string, unknown> }),
    },
  };
}

function defaultParam(code: ErrorCode): string | undefined {
  return code === 'quota_exceeded' ? 'model' : undefined;
}

/** Seconds to put in `Retry-After` for a refusal that frees up with time, or null. */
export function findRetryAfter(error: DomainError): number | null {
  const seconds = error.details?.retryAfterSeconds;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  if (error.code === 'store_busy') return 1;
  return error.code === 'quota_exceeded' || error.code === 'rate_limited' ? 60 : null;
}

/** Sends an expected failure with its status, `Retry-After` where it applies, and the one shape. */
export function sendError(reply: FastifyReply, error: DomainError): FastifyReply {
  const retry = findRetryAfter(error);
  const status = ERROR_STATUS[error.code];
  if (retry !== null && (status === 429 || status === 503)) reply.header('retry-after', String(retry));
  return reply.status(status).send(formatError(error));
}

/** The answer for a bug or a broken store: nothing internal leaks, the log has the rest. */
export const INTERNAL_ERROR_BODY: ErrorBody = {
  error: {
    type: 'api_error',
    code: 'internal_error',
    message: 'internal error; the request may be retried with the same Idempotency-Key',
  },
};

/** The refusal for a write that could not take the database lock in time: 503, retry. */
export const STORE_BUSY_ERROR: DomainError = {
  code: 'store_busy',
  message:
    'the database is busy (another connection holds its write lock); nothing was written, retry after Retry-After seconds with the same Idempotency-Key',
};

/** An `invalid_request` failure naming the field (convenience for the HTTP layer). */
export function invalidRequest(message: string, param: string) {
  return fail('invalid_request', message, param);
}
