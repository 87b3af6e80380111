/**
 * Decoding the `application/x-www-form-urlencoded` bodies and query strings the Stripe SDK
 * sends (`line_items[0][price_data][unit_amount]=500`) into nested objects and arrays, the way
 * Stripe's own API reads them. Test-only: the fake Stripe server is its one user. Hand-written
 * because the SDK no longer ships `qs` and the format is ten lines of rules.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** Parses a form body or query string into a nested object. Values stay strings, as on the wire. */
export function parseStripeForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = splitKey(rawKey);
    assignPath(root, path, value);
  }
  return normalizeArrays(root) as FormObject;
}

/** `a[b][0][c]` → `['a', 'b', '0', 'c']`; `expand[]` → `['expand', '']`. */
function splitKey(key: string): string[] {
  const head = key.split('[', 1)[0] ?? key;
  const rest = [...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
  return [head, ...rest];
}

function assignPath(root: FormObject, path: readonly string[], value: string): void {
  let node: FormObject = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] as string;
    const existing = node[segment];
    if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
      node[segment] = {};
    }
    node = node[segment] as FormObject;
  }
  const last = path[path.length - 1] as string;
  // `expand[]=a&expand[]=b`: an empty segment appends.
  node[last === '' ? String(Object.keys(node).length) : last] = value;
}

/** Objects whose keys are exactly 0..n-1 become arrays (Stripe's indexed array encoding). */
function normalizeArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const normalized: FormObject = {};
  for (const key of keys) normalized[key] = normalizeArrays(value[key] as FormValue);
  const isArray = keys.length > 0 && keys.every((key, index) => key === String(index));
  return isArray ? keys.map((key) => normalized[key] as FormValue) : normalized;
}
