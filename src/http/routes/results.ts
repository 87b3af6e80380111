/** Small helpers every route file uses to turn engine `Result`s into answers. */
import type { Result } from '../../domain/errors.ts';

/** Maps the value of a successful result; failures pass through unchanged. */
export function mapOk<T, U>(result: Result<T>, present: (value: T) => U): Result<U> {
  return result.ok ? { ok: true, value: present(result.value) } : result;
}
