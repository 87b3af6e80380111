/**
 * Every expected failure in Tollgate has one of these codes. Expected failures are values
 * (`Result`), bugs are throws. `http/errors.ts` maps each code to a status with a
 * `Record<ErrorCode, number>`, so adding a code here without a status does not compile.
 */
export const ErrorCode = {
  invalid_request: 'invalid_request',
  invalid_catalog: 'invalid_catalog',
  unknown_model: 'unknown_model',
  unknown_plan: 'unknown_plan',
  unknown_pack: 'unknown_pack',
  unpriced_model: 'unpriced_model',
  parameter_out_of_range: 'parameter_out_of_range',
  insufficient_credits: 'insufficient_credits',
  credit_cap_reached: 'credit_cap_reached',
  quota_exceeded: 'quota_exceeded',
  not_entitled: 'not_entitled',
  idempotency_conflict: 'idempotency_conflict',
  not_found: 'not_found',
  customer_exists: 'customer_exists',
  hold_not_active: 'hold_not_active',
  too_many_holds: 'too_many_holds',
  charge_not_refundable: 'charge_not_refundable',
  payments_not_configured: 'payments_not_configured',
  reward_not_eligible: 'reward_not_eligible',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  rate_limited: 'rate_limited',
  store_busy: 'store_busy',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure: a code, a sentence for a person, the offending field and typed details. */
export interface DomainError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly message: string;
  /** The request field at fault, in the API's words (`params.duration`, `models[3].pricing`). */
  readonly param?: string;
  /** Whatever the caller needs to recover: packs that would cover, when a quota frees up, ... */
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T, E extends DomainError = DomainError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps a success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps an expected failure. */
export function fail<C extends ErrorCode>(
  code: C,
  message: string,
  param?: string,
  details?: Readonly<Record<string, unknown>>,
): { readonly ok: false; readonly error: DomainError<C> } {
  const error: DomainError<C> = {
    code,
    message,
    ...(param === undefined ? {} : { param }),
    ...(details === undefined ? {} : { details }),
  };
  return { ok: false, error };
}
