/**
 * Canonical JSON: the same value always gives the same text (object keys sorted, undefined
 * dropped). Idempotency compares request hashes over this text, so `{a,b}` and `{b,a}` are
 * the same request.
 */

/** Serializes a JSON-like value canonically. */
export function serializeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => serializeCanonical(v)).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  const parts = keys.map(
    (k) => `${JSON.stringify(k)}:${serializeCanonical((value as Record<string, unknown>)[k])}`,
  );
  return `{${parts.join(',')}}`;
}
