/**
 * Text formatting shared by CLI commands: money, margins, aligned tables, snake_case JSON.
 */
import type { DomainError } from '../domain/errors.ts';

/** Micro-dollars as dollars with at least two decimals and no trailing zeros beyond: $0.0008, $0.50. */
export function formatDollars(microsValue: number | null): string {
  if (microsValue === null) return '—';
  const sign = microsValue < 0 ? '-' : '';
  const abs = Math.abs(microsValue);
  const whole = Math.floor(abs / 1_000_000);
  const fraction = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}$${whole.toLocaleString('en-US')}.${fraction}`;
}

/** Cents as dollars: $25.00. */
export function formatCents(centsValue: number): string {
  return formatDollars(centsValue * 10_000);
}

/** A margin percentage, or a dash when the provider cost is unknown. */
export function formatMargin(marginPct: number | null): string {
  return marginPct === null ? '—' : `${marginPct}%`;
}

/** Lays out rows under a header with columns padded to one width; `right` columns align right. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/([a-z])(\d)/g, '$1_$2');
}

/** Deep copy with camelCase keys turned snake_case, for `--json` output in the API's words. */
export function toSnakeCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnakeCase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toSnakeCase(v)]));
}

/** Pretty JSON with a trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The command-line flag for an error's `param` (`params.input_tokens` → `--input-tokens`). */
export function flagForParam(param: string | undefined): string | undefined {
  if (param === undefined) return undefined;
  return `--${param.replace(/^params\./, '').replaceAll('_', '-')}`;
}

/** One refusal line naming the flag at fault: `tollgate quote: --duration: 31 s is above ...`. */
export function formatRefusal(command: string, error: DomainError): string {
  const flag = flagForParam(error.param);
  return `tollgate ${command}: ${flag === undefined ? '' : `${flag}: `}${error.message}\n`;
}
