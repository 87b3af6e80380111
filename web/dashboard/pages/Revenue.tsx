/** Revenue and margins: money by period and by pack or plan, credits, and margins by model and plan. */
import { toQuery } from '../api.ts';
import { StackedBars } from '../charts.tsx';
import { DataTable } from '../DataTable.tsx';
import { formatBp, formatCents, formatCount, formatMicros } from '../format.ts';
import type { Range } from '../RangePicker.tsx';
import type { CreditsAnswer, Margin, MarginsAnswer, Money, RevenueAnswer } from '../types.ts';
import { useApi } from '../use-api.ts';

const moneyColumns = <T extends Money>() => [
  {
    header: 'Packs',
    value: (r: T) => r.packs_cents,
    render: (r: T) => formatCents(r.packs_cents),
    numeric: true,
  },
  {
    header: 'Plans',
    value: (r: T) => r.plans_cents,
    render: (r: T) => formatCents(r.plans_cents),
    numeric: true,
  },
  {
    header: 'Refunds',
    value: (r: T) => r.refunds_cents,
    render: (r: T) => formatCents(r.refunds_cents),
    numeric: true,
  },
  {
    header: 'Disputes',
    value: (r: T) => r.disputes_cents,
    render: (r: T) => formatCents(r.disputes_cents),
    numeric: true,
  },
  { header: 'Net', value: (r: T) => r.net_cents, render: (r: T) => formatCents(r.net_cents), numeric: true },
];

const marginColumns = <T extends Margin>() => [
  {
    header: 'Credits burned',
    value: (r: T) => r.credits_burned,
    render: (r: T) => formatCount(r.credits_burned),
    numeric: true,
  },
  {
    header: 'Credit value',
    value: (r: T) => r.credit_value_micros,
    render: (r: T) => formatMicros(r.credit_value_micros),
    numeric: true,
  },
  {
    header: 'Provider cost',
    value: (r: T) => r.provider_cost_micros,
    render: (r: T) => formatMicros(r.provider_cost_micros),
    numeric: true,
  },
  {
    header: 'Margin',
    value: (r: T) => r.margin_micros,
    render: (r: T) => formatMicros(r.margin_micros),
    numeric: true,
  },
  {
    header: 'Margin %',
    value: (r: T) => r.margin_bp,
    render: (r: T) => formatBp(r.margin_bp),
    numeric: true,
  },
];

export function Revenue(props: { range: Range }) {
  const q = toQuery({ ...props.range });
  const revenue = useApi<RevenueAnswer>(`/v1/analytics/revenue${q}`);
  const margins = useApi<MarginsAnswer>(`/v1/analytics/margins${q}`);
  const credits = useApi<CreditsAnswer>(`/v1/analytics/credits${q}`);
  const error = revenue.error ?? margins.error ?? credits.error;
  if (error) return <p className="dash-error">{error}</p>;
  if (!revenue.data || !margins.data || !credits.data) return <p aria-busy="true">Loading…</p>;
  const name = `${props.range.from}-${props.range.to}`;
  const chart = revenue.data.periods.map((p) => ({
    period: p.period,
    packs: p.packs_cents / 100,
    plans: p.plans_cents / 100,
  }));
  return (
    <div>
      <StackedBars
        title="Payments by period (USD)"
        data={chart}
        series={['packs', 'plans']}
        format={(n) => `$${n}`}
      />
      <DataTable
        caption="Revenue by period"
        exportName={`revenue-by-period-${name}`}
        rows={revenue.data.periods}
        columns={[{ header: 'Period', value: (p) => p.period }, ...moneyColumns()]}
      />
      <DataTable
        caption="Revenue by pack or plan"
        exportName={`revenue-by-item-${name}`}
        rows={revenue.data.by_item}
        columns={[
          { header: 'Kind', value: (i) => i.kind },
          { header: 'Pack or plan', value: (i) => i.item },
          ...moneyColumns(),
        ]}
      />
      <DataTable
        caption="Margins by model"
        exportName={`margins-by-model-${name}`}
        rows={margins.data.by_model}
        columns={[{ header: 'Model', value: (m) => m.model }, ...marginColumns()]}
      />
      <DataTable
        caption="Margins by plan"
        exportName={`margins-by-plan-${name}`}
        rows={margins.data.by_plan}
        columns={[{ header: 'Plan', value: (m) => m.plan }, ...marginColumns()]}
      />
      <DataTable
        caption="Credits by period"
        exportName={`credits-by-period-${name}`}
        rows={credits.data.periods}
        columns={[
          { header: 'Period', value: (p) => p.period },
          { header: 'Issued', value: (p) => p.issued_total, numeric: true },
          { header: 'Purchased', value: (p) => p.issued.purchase, numeric: true },
          { header: 'Plan', value: (p) => p.issued.plan, numeric: true },
          {
            header: 'Free (promo, reward)',
            value: (p) => p.issued.promotional + p.issued.reward,
            numeric: true,
          },
          { header: 'Burned', value: (p) => p.burned, numeric: true },
          { header: 'Expired', value: (p) => p.expired, numeric: true },
          { header: 'Clawed back', value: (p) => p.clawed_back, numeric: true },
          { header: 'Outstanding paid', value: (p) => p.outstanding.paid, numeric: true },
          { header: 'Outstanding free', value: (p) => p.outstanding.free, numeric: true },
        ]}
      />
    </div>
  );
}
