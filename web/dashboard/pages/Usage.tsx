/** Usage: credits burned by model per period (chart), and tables by model, category and period. */
import { toQuery } from '../api.ts';
import { pivot, StackedBars } from '../charts.tsx';
import { DataTable } from '../DataTable.tsx';
import { formatCount, formatMicros } from '../format.ts';
import type { Range } from '../RangePicker.tsx';
import type { UsageAnswer, UsageFigures } from '../types.ts';
import { useApi } from '../use-api.ts';

const figureColumns = <T,>(of: (r: T) => UsageFigures) => [
  {
    header: 'Generations',
    value: (r: T) => of(r).generations,
    render: (r: T) => formatCount(of(r).generations),
    numeric: true,
  },
  {
    header: 'Credits',
    value: (r: T) => of(r).credits,
    render: (r: T) => formatCount(of(r).credits),
    numeric: true,
  },
  {
    header: 'Provider cost (µ$)',
    value: (r: T) => of(r).provider_cost_micros,
    render: (r: T) => formatMicros(of(r).provider_cost_micros),
    numeric: true,
  },
];

export function Usage(props: { range: Range }) {
  const r = props.range;
  const usage = useApi<UsageAnswer>(`/v1/analytics/usage${toQuery({ ...r })}`);
  if (usage.error) return <p className="dash-error">{usage.error}</p>;
  if (!usage.data) return <p aria-busy="true">Loading…</p>;
  const u = usage.data;
  const chart = pivot(
    u.periods,
    (p) => p.period,
    (p) => p.model,
    (p) => p.figures.generations,
  );
  return (
    <div>
      <StackedBars title="Generations by model" data={chart.data} series={chart.series} />
      <DataTable
        caption="Usage by model"
        exportName={`usage-by-model-${r.from}-${r.to}`}
        rows={u.by_model}
        columns={[
          { header: 'Model', value: (m) => m.model },
          { header: 'Category', value: (m) => m.category },
          ...figureColumns((m: UsageAnswer['by_model'][number]) => m.figures),
        ]}
      />
      <DataTable
        caption="Usage by category"
        exportName={`usage-by-category-${r.from}-${r.to}`}
        rows={u.by_category}
        columns={[
          { header: 'Category', value: (c) => c.category },
          ...figureColumns((c: UsageAnswer['by_category'][number]) => c.figures),
        ]}
      />
      <DataTable
        caption="Usage by model and period"
        exportName={`usage-by-period-${r.from}-${r.to}`}
        rows={u.periods}
        columns={[
          { header: 'Period', value: (p) => p.period },
          { header: 'Model', value: (p) => p.model },
          ...figureColumns((p: UsageAnswer['periods'][number]) => p.figures),
        ]}
      />
    </div>
  );
}
