/**
 * Charts, drawn by Recharts (docs/decisions.md says why): a stacked bar chart of a figure by
 * period and series, and a bar chart of one figure by period. Each sits in a figure with a
 * caption, and its numbers are also in the table beside it (and its CSV).
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const PALETTE = ['#4338ca', '#0f766e', '#b45309', '#be123c', '#1d4ed8', '#6d28d9', '#166534', '#9f1239'];

export interface SeriesPoint {
  readonly period: string;
  readonly [series: string]: string | number;
}

export function StackedBars(props: {
  title: string;
  data: readonly SeriesPoint[];
  series: readonly string[];
  format?: (n: number) => string;
}) {
  return (
    <figure className="dash-chart">
      <figcaption>{props.title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={[...props.data]} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" fontSize={12} />
          <YAxis fontSize={12} width={72} {...(props.format ? { tickFormatter: props.format } : {})} />
          <Tooltip formatter={(v) => (props.format ? props.format(Number(v)) : String(v))} />
          <Legend />
          {props.series.map((s, i) => (
            <Bar
              key={s}
              dataKey={s}
              stackId="a"
              fill={PALETTE[i % PALETTE.length] as string}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** `rows` of (period, series, value) as points with one key per series (missing = 0). */
export function pivot<T>(
  rows: readonly T[],
  periodOf: (r: T) => string,
  seriesOf: (r: T) => string,
  amountOf: (r: T) => number,
): { data: SeriesPoint[]; series: string[] } {
  const series = [...new Set(rows.map(seriesOf))].sort();
  const byPeriod = new Map<string, Record<string, string | number>>();
  for (const r of rows) {
    const p = periodOf(r);
    const point = byPeriod.get(p) ?? { period: p, ...Object.fromEntries(series.map((s) => [s, 0])) };
    byPeriod.set(p, point);
    point[seriesOf(r)] = Number(point[seriesOf(r)] ?? 0) + amountOf(r);
  }
  return { data: [...byPeriod.values()] as SeriesPoint[], series };
}
