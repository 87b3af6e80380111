/** The catalog: every current price with its provider cost and margin, and the stored versions. */
import { DataTable } from '../DataTable.tsx';
import { formatMicros, formatTime } from '../format.ts';
import { useApi } from '../use-api.ts';

interface PriceRow {
  model_id: string;
  model_name: string;
  category: string;
  variant: string | null;
  unit: string;
  credits: number;
  provider_cost_micros: number | null;
  margin_pct: number | null;
}

export interface CatalogAnswer {
  version: string;
  credit_value_micros: number;
  plans: { id: string; name: string; price_cents: number; monthly_credits: number }[];
  prices: PriceRow[];
}

export function Catalog() {
  const catalog = useApi<CatalogAnswer>('/v1/catalog');
  const versions = useApi<{ data: { version: string; current: boolean; created_at: number }[] }>(
    '/v1/catalog/versions',
  );
  if (catalog.error) return <p className="dash-error">{catalog.error}</p>;
  if (!catalog.data) return <p aria-busy="true">Loading…</p>;
  const value = catalog.data.credit_value_micros;
  return (
    <div>
      <p className="dash-note">
        Version {catalog.data.version.slice(0, 12)} · one credit is worth {formatMicros(value)}.
      </p>
      <DataTable
        caption="Prices"
        exportName={`prices-${catalog.data.version.slice(0, 12)}`}
        rows={catalog.data.prices}
        columns={[
          { header: 'Model', value: (p) => p.model_id },
          { header: 'Category', value: (p) => p.category },
          { header: 'Option', value: (p) => p.variant },
          { header: 'Unit', value: (p) => p.unit },
          { header: 'Credits', value: (p) => p.credits, numeric: true },
          {
            header: 'Price',
            value: (p) => p.credits * value,
            render: (p) => formatMicros(p.credits * value),
            numeric: true,
          },
          {
            header: 'Provider cost',
            value: (p) => p.provider_cost_micros,
            render: (p) => formatMicros(p.provider_cost_micros),
            numeric: true,
          },
          {
            header: 'Margin %',
            value: (p) => p.margin_pct,
            render: (p) => (p.margin_pct === null ? '—' : `${p.margin_pct} %`),
            numeric: true,
          },
        ]}
      />
      <DataTable
        caption="Versions"
        exportName="catalog-versions"
        rows={versions.data?.data ?? []}
        columns={[
          { header: 'Version', value: (v) => v.version },
          { header: 'Current', value: (v) => v.current, render: (v) => (v.current ? 'current' : '') },
          { header: 'Stored', value: (v) => v.created_at, render: (v) => formatTime(v.created_at) },
        ]}
      />
    </div>
  );
}
