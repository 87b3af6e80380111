/** Payments: the Stripe events, those that moved money but could not be attributed first. */
import { DataTable } from '../DataTable.tsx';
import { formatCents, formatTime } from '../format.ts';
import { useApi } from '../use-api.ts';

interface StripeEvent {
  event_id: string;
  kind: string;
  customer_id: string | null;
  needs_attention: boolean;
  outcome: { status?: string; reason?: string } | string;
  amount_cents: number | null;
  amount_kind: string | null;
  item: string | null;
  processed_at: number;
}

export function Payments() {
  const events = useApi<{ data: StripeEvent[] }>('/v1/stripe-events?limit=200');
  if (events.error) return <p className="dash-error">{events.error}</p>;
  if (!events.data) return <p aria-busy="true">Loading…</p>;
  const attention = events.data.data.filter((e) => e.needs_attention).length;
  return (
    <div>
      <p className={attention > 0 ? 'dash-error' : 'dash-note'} role="status">
        {attention === 0
          ? 'Every payment was attributed.'
          : `${attention} event${attention === 1 ? '' : 's'} moved money that could not be attributed: look first.`}
      </p>
      <DataTable
        caption="Stripe events"
        exportName="stripe-events"
        rows={events.data.data}
        empty="No Stripe events yet."
        columns={[
          {
            header: 'Attention',
            value: (e) => e.needs_attention,
            render: (e) => (e.needs_attention ? <strong>Needs attention</strong> : ''),
          },
          { header: 'Event', value: (e) => e.event_id },
          { header: 'Kind', value: (e) => e.kind },
          { header: 'Customer', value: (e) => e.customer_id },
          {
            header: 'Money',
            value: (e) => e.amount_cents,
            render: (e) => (e.amount_cents === null ? '' : `${e.amount_kind} ${formatCents(e.amount_cents)}`),
          },
          { header: 'For', value: (e) => e.item },
          {
            header: 'Outcome',
            value: (e) =>
              typeof e.outcome === 'string' ? e.outcome : (e.outcome.reason ?? e.outcome.status ?? ''),
          },
          { header: 'Processed', value: (e) => e.processed_at, render: (e) => formatTime(e.processed_at) },
        ]}
      />
    </div>
  );
}
