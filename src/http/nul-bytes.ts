/**
 * A NUL byte anywhere in a request (path, query, a header, the body) is refused with a 400
 * naming where it was, before authentication and before anything reaches a store:
 * PostgreSQL cannot store U+0000 in text and answered such requests with a 500, and no field
 * of the API has a use for it. `\u0000` in JSON text counts too (it decodes to NUL).
 */

const NUL = '\u0000';

/** Where a NUL byte was found, in the API's words (`path.id`, `query.cursor`, `Idempotency-Key`, `body.items[2].model`), or null. */
export function findNulByte(request: {
  readonly url: string;
  readonly params?: unknown;
  readonly query?: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}): string | null {
  const inPath = findNulInValue(request.params, 'path');
  if (inPath !== null) return inPath;
  const inQuery = findNulInValue(request.query, 'query');
  if (inQuery !== null) return inQuery;
  if (hasNulInUrl(request.url)) return 'url';
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.includes(NUL)) return 'headers';
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.includes(NUL))) return formatHeaderName(name);
  }
  return null;
}

/** The first place in a parsed value (keys included) holding a NUL, as `prefix.a.b[2]`, or null. */
export function findNulInValue(value: unknown, prefix: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? prefix : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNulInValue(value[i], `${prefix}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes(NUL)) return prefix;
      const found = findNulInValue(inner, `${prefix}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Whether raw body bytes hold a NUL byte or a JSON `\u0000` escape. */
export function hasNulInBytes(body: Buffer | string): boolean {
  const text = typeof body === 'string' ? body : body.toString('latin1');
  return text.includes(NUL) || /\\u0000/i.test(text);
}

/** Whether a raw URL holds a NUL, literally or percent-encoded. */
function hasNulInUrl(url: string): boolean {
  return url.includes(NUL) || /%00/i.test(url);
}

/** `idempotency-key` → `Idempotency-Key` (how the API names headers in `param`). */
function formatHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** The sentence of the refusal. */
export function describeNulByte(where: string): string {
  return `${where} contains a NUL byte (U+0000), which Tollgate does not accept anywhere in a request`;
}
