/**
 * Defensive readers for Stripe objects inside events. A webhook's payload has the shape of
 * the API version its endpoint is pinned to in the Stripe dashboard, not necessarily the SDK's
 * types, so translation reads fields by name and accepts the old and the new places of a field
 * (`invoice.subscription` before 2025, `invoice.parent.subscription_details.subscription` after).
 */

/** A field that is a plain object, else undefined. */
export function readRecord(object: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const value = (object as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A field that is a non-empty string, else undefined. */
export function readString(object: unknown, key: string): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const value = (object as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A field that is a safe integer, else undefined. */
export function readInteger(object: unknown, key: string): number | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const value = (object as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** A field that is a boolean, else undefined. */
export function readBoolean(object: unknown, key: string): boolean | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const value = (object as Record<string, unknown>)[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** The `data` array of a Stripe list field (`lines`, `items`), else an empty array. */
export function readListData(object: unknown, key: string): readonly unknown[] {
  const data = readRecord(object, key)?.data;
  return Array.isArray(data) ? data : [];
}

/** The id of a field that holds an id or an expanded object (`payment_intent`, `customer`). */
export function readId(object: unknown, key: string): string | undefined {
  return readString(object, key) ?? readString(readRecord(object, key), 'id');
}

/** Stripe's epoch seconds as Tollgate's epoch milliseconds. */
export function secondsToMs(seconds: number): number {
  return seconds * 1000;
}
