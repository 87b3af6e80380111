/**
 * JSON in the API is snake_case, as in Stripe's API; the engine speaks camelCase. This turns
 * an engine answer into its JSON form, at the type level too, so the client's types follow
 * the engine's without a second hand-written copy.
 */

/** `creditsCharged` → `credits_charged` (digits stay attached: `used7d`). */
export type SnakeKey<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeKey<T>}`
  : S;

/** A value's JSON form with every object key in snake_case. */
export type Snake<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? Snake<U>[]
    : T extends object
      ? { -readonly [K in keyof T as K extends string ? SnakeKey<K> : K]: Snake<T[K]> }
      : T;

/** Converts one key. */
export function toSnakeKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Converts every object key of a JSON-like value to snake_case (arrays and nesting included). */
export function toSnakeCase<T>(value: T): Snake<T> {
  if (Array.isArray(value)) return value.map(toSnakeCase) as Snake<T>;
  if (value === null || typeof value !== 'object') return value as Snake<T>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[toSnakeKey(k)] = toSnakeCase(v);
  return out as Snake<T>;
}
