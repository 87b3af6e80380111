/** Conversion: customers by plan per period (chart), moves, conversion rate and first purchases. */
import { toQuery } from '../api.ts';
import { StackedBars } from '../charts.tsx';
import { DataTable } from '../DataTable.tsx';
import { formatBp } from '../format.ts';
import type { Range } from '../RangePicker.tsx';
import type { ConversionAnswer, ProjectionsAnswer } from '../types.ts';
import { useApi } from '../use-api.ts';

export function Conversion(props: { range: Range }) {
  const q = toQuery({ ...props.range });
  const conversion = useApi<ConversionAnswer>(`/v1/analytics/conversion${q}`);
  const projections = useApi<ProjectionsAnswer>(`/v1/analytics/projections${q}`);
  if (conversion.error) return <p className="dash-error">{conversion.error}</p>;
  if (!conversion.data) return <p aria-busy="true">Loading…</p>;
  const periods = conversion.data.periods;
  const plans = [...new Set(periods.flatMap((p) => Object.keys(p.customers_by_plan)))].sort();
  const chart = periods.map((p) => ({
    period: p.period,
    ...Object.fromEntries(plans.map((pl) => [pl, p.customers_by_plan[pl] ?? 0])),
  }));
  const p = projections.data;
  return (
    <div>
      {p && (
        <p className="dash-note">
          Burning {p.burn_rate_per_day} credits a day: {p.credits_needed} needed in the {p.days_to_period_end}{' '}
          days to the period's end, {p.outstanding} outstanding
          {p.runway_days === null ? '' : ` (about ${p.runway_days} days' worth)`}.
        </p>
      )}
      <StackedBars title="Customers by plan at each period's end" data={chart} series={plans} />
      <DataTable
        caption="Conversion by period"
        exportName={`conversion-${props.range.from}-${props.range.to}`}
        rows={periods}
        columns={[
          { header: 'Period', value: (r) => r.period },
          ...plans.map((plan) => ({
            header: `On ${plan}`,
            value: (r: (typeof periods)[number]) => r.customers_by_plan[plan] ?? 0,
            numeric: true,
          })),
          { header: 'Upgrades', value: (r) => r.upgrades, numeric: true },
          { header: 'Downgrades', value: (r) => r.downgrades, numeric: true },
          { header: 'Cancels', value: (r) => r.cancels, numeric: true },
          { header: 'Free → paid', value: (r) => r.free_to_paid, numeric: true },
          {
            header: 'Conversion',
            value: (r) => r.conversion_rate_bp,
            render: (r) => formatBp(r.conversion_rate_bp),
            numeric: true,
          },
          { header: 'First purchases', value: (r) => r.first_purchases, numeric: true },
          { header: 'Active', value: (r) => r.active_customers, numeric: true },
          { header: 'Paying', value: (r) => r.paying_customers, numeric: true },
        ]}
      />
    </div>
  );
}
