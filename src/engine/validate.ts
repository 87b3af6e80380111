/**
 * Input checks at the engine's edge: bad input becomes a typed failure naming the field,
 * before anything is read or written. HTTP validates shapes with its schemas too; these
 * guard the engine for every other caller (CLI, Stripe, tests).
 */
import { type Credits, credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';

const MAX_ID = 255;
const MAX_CREDITS = 1_000_000_000_000;

/** An idempotency key: 1-255 printable characters. */
export function validateKey(key: unknown): Result<string> {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_ID || !/^[\x21-\x7e]+$/.test(key)) {
    return fail('invalid_request', 'idempotency key must be 1-255 printable characters', 'idempotency_key');
  }
  return ok(key);
}

/** An id field: a non-empty string of at most 255 characters. */
export function validateId(value: unknown, field: string): Result<string> {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID) {
    return fail(
      'invalid_request',
      `${field} must be a non-empty string of at most ${MAX_ID} characters`,
      field,
    );
  }
  return ok(value);
}

/** A credit amount: an integer, positive unless `allowNegative` (then non-zero). */
export function validateCredits(value: unknown, field: string, allowNegative = false): Result<Credits> {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > MAX_CREDITS) {
    return fail('invalid_request', `${field} must be a whole number of credits`, field);
  }
  if (allowNegative ? value === 0 : value <= 0) {
    return fail('invalid_request', `${field} must be ${allowNegative ? 'non-zero' : 'positive'}`, field);
  }
  return ok(credits(value));
}

/** A non-negative integer (costs, limits, priorities). */
export function validateCount(value: unknown, field: string): Result<number> {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return fail('invalid_request', `${field} must be a non-negative integer`, field);
  }
  return ok(value);
}

/** An instant in epoch milliseconds, optionally required to be after `after`. */
export function validateTime(value: unknown, field: string, after?: number): Result<number> {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return fail('invalid_request', `${field} must be a time in epoch milliseconds`, field);
  }
  if (after !== undefined && value <= after)
    return fail('invalid_request', `${field} must be in the future`, field);
  return ok(value);
}

/** An optional short text (reasons, refs): at most 1,000 characters. */
export function validateText(value: unknown, field: string): Result<string | null> {
  if (value === undefined || value === null) return ok(null);
  if (typeof value !== 'string' || value.length > 1000) {
    return fail('invalid_request', `${field} must be a string of at most 1000 characters`, field);
  }
  return ok(value);
}

/** Runs checks in order and answers the first failure, if any. */
export function firstFailure(...results: Result<unknown>[]): Result<never> | null {
  for (const r of results) if (!r.ok) return r;
  return null;
}
