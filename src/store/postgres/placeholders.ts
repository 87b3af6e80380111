/**
 * `?` → `$1, $2, …` for PostgreSQL. The shared SQL in `src/store/sql/` is written with `?`
 * placeholders (SQLite's own syntax); this rewrites them for PostgreSQL while leaving every
 * `?` inside a string literal, quoted identifier, comment or dollar-quoted body alone, so a
 * literal question mark can never shift the parameters.
 */

const cache = new Map<string, { readonly text: string; readonly count: number }>();
const CACHE_LIMIT = 2048;

/** Finds where a quoted or commented stretch starting at `i` ends (index just past it), or -1 if none starts there. */
function skipQuoted(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch) {
        if (sql[j + 1] === ch)
          j += 2; // doubled quote escapes itself
        else return j + 1;
      } else j += 1;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end + 1;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  if (ch === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
    if (tag === null) return -1;
    const end = sql.indexOf(tag[0], i + tag[0].length);
    return end === -1 ? sql.length : end + tag[0].length;
  }
  return -1;
}

/**
 * Rewrites `?` placeholders as numbered ones and answers the text and how many there are.
 * Results are cached by text: the same few hundred statements run over and over.
 */
export function translatePlaceholders(sql: string): { readonly text: string; readonly count: number } {
  const hit = cache.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let count = 0;
  let i = 0;
  while (i < sql.length) {
    const end = skipQuoted(sql, i);
    if (end !== -1) {
      out += sql.slice(i, end);
      i = end;
    } else if (sql[i] === '?') {
      count += 1;
      out += `$${count}`;
      i += 1;
    } else {
      out += sql[i];
      i += 1;
    }
  }
  const result = { text: out, count };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(sql, result);
  return result;
}
