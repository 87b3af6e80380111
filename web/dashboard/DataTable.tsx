/** A table with a caption and a CSV export of exactly what it shows. */
import type { ReactNode } from 'react';
import { type Cell, downloadCsv, toCsv } from './csv.ts';

export interface Column<T> {
  readonly header: string;
  /** The cell's value, as exported. */
  readonly value: (row: T) => Cell;
  /** How it shows (defaults to the value). */
  readonly render?: (row: T) => ReactNode;
  readonly numeric?: boolean;
}

export function DataTable<T>(props: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  /** File name of the export, without `.csv`. */
  exportName: string;
  empty?: string;
}) {
  const { caption, columns, rows, exportName } = props;
  const exportCsv = () =>
    downloadCsv(
      `${exportName}.csv`,
      toCsv(
        columns.map((c) => c.header),
        rows.map((r) => columns.map((c) => c.value(r))),
      ),
    );
  return (
    <section className="dash-table-block">
      <div className="dash-table-head">
        <h3>{caption}</h3>
        <button
          type="button"
          className="dash-button dash-button-quiet"
          onClick={exportCsv}
          disabled={rows.length === 0}
        >
          Export CSV<span className="dash-visually-hidden"> of {caption}</span>
        </button>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe: scrollable-region-focusable) */}
      <section className="dash-table-scroll" aria-label={caption} tabIndex={0}>
        <table className="dash-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'dash-num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="dash-empty">
                  {props.empty ?? 'Nothing in this range.'}
                </td>
              </tr>
            ) : (
              rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; the order is the data's
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.header} className={c.numeric ? 'dash-num' : undefined}>
                      {c.render ? c.render(row) : c.value(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
    </section>
  );
}
