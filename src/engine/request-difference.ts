/**
 * What differs between the request an idempotency key was first used for and the one reusing it,
 * in the words of the HTTP request: `body.usage.duration is 12 here, 10 the first time`, or
 * `hold id is 01J…B here, 01J…A the first time`. Pure: both requests are the engine's call inputs
 * (camelCase, as canonically serialized); ids taken from the path (`holdId`) are named as ids,
 * everything else as a `body.` path in snake_case.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

const MAX_VALUE_CHARS = 60;

/** The location of an engine input path in the HTTP request. */
function describePath(path: readonly (string | number)[]): string {
  const [head, ...rest] = path;
  if (typeof head === 'string' && rest.length === 0 && /^[a-z]+Id$/.test(head))
    return `${head.slice(0, -2)} id`;
  const words = path.map((part) =>
    typeof part === 'number' ? `[${part}]` : `.${part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
  );
  return `body${words.join('')}`;
}

function describeValue(value: Json | undefined): string {
  if (value === undefined) return 'absent';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function isObject(value: Json | undefined): value is { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first differing path (keys in sorted order, depth first), or null when equal. */
function findDifference(
  first: Json | undefined,
  again: Json | undefined,
  path: (string | number)[],
): { path: (string | number)[]; first: Json | undefined; again: Json | undefined } | null {
  if (isObject(first) && isObject(again)) {
    const keys = [...new Set([...Object.keys(first), ...Object.keys(again)])].sort();
    for (const key of keys) {
      const found = findDifference(first[key], again[key], [...path, key]);
      if (found !== null) return found;
    }
    return null;
  }
  if (Array.isArray(first) && Array.isArray(again) && first.length === again.length) {
    for (let i = 0; i < first.length; i += 1) {
      const found = findDifference(first[i], again[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (JSON.stringify(first) === JSON.stringify(again)) return null;
  return { path, first, again };
}

/**
 * One line saying where the reused request differs from the first (`null` when they are the same
 * request, or the first is not known). Both are canonical JSON texts of `{ operation, input }`.
 */
export function describeRequestDifference(firstText: string | null, againText: string): string | null {
  if (firstText === null) return null;
  const first = JSON.parse(firstText) as { operation?: string; input?: Json };
  const again = JSON.parse(againText) as { operation?: string; input?: Json };
  if (first.operation !== again.operation)
    return `it was first used for ${first.operation}, this request is ${again.operation}`;
  const found = findDifference(first.input, again.input, []);
  if (found === null) return null;
  const where = found.path.length === 0 ? 'the request' : describePath(found.path);
  return `${where} is ${describeValue(found.again)} here, ${describeValue(found.first)} the first time`;
}
