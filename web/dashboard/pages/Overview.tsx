/**
 * The overview: the range's revenue, credits issued and burned, gross margin, active and paying
 * customers, each against the previous range of the same length, and charts of usage by model
 * and revenue by period.
 */

import { toQuery } from '../api.ts';
import { pivot, StackedBars } from '../charts.tsx';
import { formatBp, formatCents, formatCount } from '../format.ts';
import { previousRange, type Range } from '../RangePicker.tsx';
import { Stat } from '../Stat.tsx';
import type { ConversionAnswer, CreditsAnswer, MarginsAnswer, RevenueAnswer, UsageAnswer } from '../types.ts';
import { useApi } from '../use-api.ts';

const q = (r: Range) => toQuery({ from: r.from, to: r.to, granularity: r.granularity });
/** One period covering the whole range: its customer counts are the range's. */
const whole = (r: Range) => toQuery({ from: r.from, to: r.to, granularity: 'all' });

function useFigures(r: Range) {
  return {
    revenue: useApi<RevenueAnswer>(`/v1/analytics/revenue${q(r)}`),
    credits: useApi<CreditsAnswer>(`/v1/analytics/credits${q(r)}`),
    margins: useApi<MarginsAnswer>(`/v1/analytics/margins${q(r)}`),
    usage: useApi<UsageAnswer>(`/v1/analytics/usage${q(r)}`),
    conversion: useApi<ConversionAnswer>(`/v1/analytics/conversion${whole(r)}`),
  };
}

/** Distinct active or paying customers over the whole range (one period). */
function sumCustomers(c: ConversionAnswer | null, key: 'active_customers' | 'paying_customers'): number {
  return c?.periods[0]?.[key] ?? 0;
}

export function Overview(props: { range: Range }) {
  const now = useFigures(props.range);
  const before = useFigures(previousRange(props.range));
  const error = [now.revenue, now.credits, now.margins, now.usage, now.conversion].find(
    (x) => x.error,
  )?.error;
  if (error) return <p className="dash-error">Could not load the overview: {error}</p>;
  const revenue = now.revenue.data;
  const credits = now.credits.data;
  const margins = now.margins.data;
  const usage = now.usage.data;
  if (!revenue || !credits || !margins || !usage) return <p aria-busy="true">Loading…</p>;
  const usageChart = pivot(
    usage.periods,
    (p) => p.period,
    (p) => p.model,
    (p) => p.figures.credits,
  );
  const revenueChart = revenue.periods.map((p) => ({ period: p.period, net: p.net_cents / 100 }));
  return (
    <div>
      <div className="dash-stats">
        <Stat
          label="Net revenue"
          testId="stat-revenue"
          value={formatCents(revenue.totals.net_cents)}
          now={revenue.totals.net_cents}
          before={before.revenue.data?.totals.net_cents ?? null}
        />
        <Stat
          label="Credits issued"
          testId="stat-issued"
          value={formatCount(credits.totals.issued_total)}
          now={credits.totals.issued_total}
          before={before.credits.data?.totals.issued_total ?? null}
        />
        <Stat
          label="Credits burned"
          testId="stat-burned"
          value={formatCount(credits.totals.burned)}
          now={credits.totals.burned}
          before={before.credits.data?.totals.burned ?? null}
        />
        <Stat
          label="Gross margin"
          testId="stat-margin"
          value={formatBp(margins.totals.margin_bp)}
          now={margins.totals.margin_bp ?? 0}
          before={before.margins.data?.totals.margin_bp ?? null}
        />
        <Stat
          label="Active customers"
          testId="stat-active"
          value={formatCount(sumCustomers(now.conversion.data, 'active_customers'))}
          now={sumCustomers(now.conversion.data, 'active_customers')}
          before={before.conversion.data ? sumCustomers(before.conversion.data, 'active_customers') : null}
        />
        <Stat
          label="Paying customers"
          testId="stat-paying"
          value={formatCount(sumCustomers(now.conversion.data, 'paying_customers'))}
          now={sumCustomers(now.conversion.data, 'paying_customers')}
          before={before.conversion.data ? sumCustomers(before.conversion.data, 'paying_customers') : null}
        />
      </div>
      <div className="dash-charts">
        <StackedBars title="Credits burned by model" data={usageChart.data} series={usageChart.series} />
        <StackedBars
          title="Net revenue by period (USD)"
          data={revenueChart}
          series={['net']}
          format={(n) => `$${n}`}
        />
      </div>
    </div>
  );
}
