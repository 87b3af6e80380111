/**
 * Turns zod's verdict on a path, query or body into a `Result` whose failure names the field
 * in the API's words (`params.duration`, `items[2].model`, `limit`), so every 400 tells the
 * caller exactly what to fix.
 */
import type { z } from 'zod';
import { type DomainError, fail, ok, type Result } from '../domain/errors.ts';

type Where = 'path' | 'query' | 'body';

/** `['items', 2, 'model']` → `items[2].model`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, where: Where): DomainError {
  const path = [...issue.path];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path.push(issue.keys[0] ?? '');
    message = issue.keys.length > 1 ? `unknown fields ${issue.keys.join(', ')}` : 'unknown field';
  }
  const param = formatPath(path) || where;
  const where_ = where === 'body' ? '' : ` (${where})`;
  return fail('invalid_request', `${param}${where_}: ${message}`, param).error;
}

/** Validates one part of a request; answers the parsed value or an `invalid_request` naming the field. */
export function parseInput<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: Where,
): Result<z.output<S>> {
  if (schema === undefined) return ok(undefined as z.output<S>);
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const first = parsed.error.issues[0];
  if (first === undefined) return fail('invalid_request', `invalid ${where}`, where);
  return { ok: false, error: describeIssue(first, where) };
}

/** The `Idempotency-Key` header: 1-255 printable ASCII characters. */
export function readIdempotencyKey(header: string | string[] | undefined): Result<string> {
  if (header === undefined) {
    return fail(
      'invalid_request',
      'this route changes state and requires an Idempotency-Key header',
      'Idempotency-Key',
    );
  }
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    return fail(
      'invalid_request',
      'Idempotency-Key must be 1-255 printable ASCII characters',
      'Idempotency-Key',
    );
  }
  return ok(header);
}
