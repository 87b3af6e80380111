/** Webhooks: the endpoints, the deliveries (failing ones first) and a replay for each. */
import { api } from '../api.ts';
import { ConfirmAction } from '../Confirm.tsx';
import { DataTable } from '../DataTable.tsx';
import { formatTime } from '../format.ts';
import type { Page, WebhookDelivery, WebhookEndpoint } from '../types.ts';
import { useApi } from '../use-api.ts';

const ORDER: Record<WebhookDelivery['status'], number> = { failed: 0, pending: 1, canceled: 2, delivered: 3 };

export function Webhooks() {
  const endpoints = useApi<{ data: WebhookEndpoint[] }>('/v1/webhook-endpoints');
  const deliveries = useApi<Page<WebhookDelivery>>('/v1/webhook-deliveries?limit=100');
  const error = endpoints.error ?? deliveries.error;
  if (error) return <p className="dash-error">{error}</p>;
  if (!endpoints.data || !deliveries.data) return <p aria-busy="true">Loading…</p>;
  const rows = [...deliveries.data.data].sort(
    (a, b) => ORDER[a.status] - ORDER[b.status] || b.created_at - a.created_at,
  );
  return (
    <div>
      <DataTable
        caption="Endpoints"
        exportName="webhook-endpoints"
        rows={endpoints.data.data}
        empty="No endpoints."
        columns={[
          { header: 'Endpoint', value: (e) => e.id },
          { header: 'URL', value: (e) => e.url },
          { header: 'Events', value: (e) => (e.event_types === null ? 'all' : e.event_types.join(' ')) },
          { header: 'Created', value: (e) => e.created_at, render: (e) => formatTime(e.created_at) },
        ]}
      />
      <DataTable
        caption="Deliveries"
        exportName="webhook-deliveries"
        rows={rows}
        empty="No deliveries."
        columns={[
          {
            header: 'Status',
            value: (d) => d.status,
            render: (d) => (d.status === 'failed' ? <strong>failed</strong> : d.status),
          },
          { header: 'Event', value: (d) => d.event_type },
          { header: 'Message', value: (d) => d.event_id },
          { header: 'Attempts', value: (d) => d.attempt_count, numeric: true },
          { header: 'Created', value: (d) => d.created_at, render: (d) => formatTime(d.created_at) },
          {
            header: 'Replay',
            value: () => null,
            render: (d) =>
              d.status === 'pending' ? null : (
                <ConfirmAction
                  label="Replay"
                  describe={() =>
                    `Send ${d.event_type} (${d.event_id}) to this endpoint again, with fresh retries.`
                  }
                  run={() => api.post(`/v1/webhook-deliveries/${d.id}/replay`)}
                  onDone={deliveries.reload}
                />
              ),
          },
        ]}
      />
    </div>
  );
}
