/** Customers: search by id or email prefix, filter by flag, newest first, page by cursor. */
import { useState } from 'react';
import { toQuery } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { formatCount, formatTime } from '../format.ts';
import type { CustomerListItem, Page } from '../types.ts';
import { useApi } from '../use-api.ts';

export function Customers() {
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [flagged, setFlagged] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useApi<Page<CustomerListItem>>(
    `/v1/customers${toQuery({ query: submitted, flagged, cursor, limit: 25 })}`,
  );
  return (
    <div>
      <form
        className="dash-search"
        aria-label="Search customers"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([]);
          setSubmitted(query.trim());
        }}
      >
        <label>
          Customer id or email
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="ana, ana@example.com"
          />
        </label>
        <label>
          Flag
          <select
            value={flagged}
            onChange={(e) => {
              setCursors([]);
              setFlagged(e.target.value);
            }}
          >
            <option value="">Any</option>
            <option value="true">Flagged</option>
            <option value="false">Not flagged</option>
          </select>
        </label>
        <button type="submit" className="dash-button">
          Search
        </button>
      </form>
      {page.error && <p className="dash-error">{page.error}</p>}
      {page.data && (
        <>
          <DataTable
            caption="Customers"
            exportName="customers"
            rows={page.data.data}
            empty="No customer matches."
            columns={[
              {
                header: 'Customer',
                value: (c) => c.id,
                render: (c) => <a href={`#/customers/${encodeURIComponent(c.id)}`}>{c.id}</a>,
              },
              { header: 'Email', value: (c) => c.email },
              { header: 'Plan', value: (c) => c.plan },
              {
                header: 'Available',
                value: (c) => c.available,
                render: (c) => formatCount(c.available),
                numeric: true,
              },
              { header: 'Flagged', value: (c) => c.flagged, render: (c) => (c.flagged ? 'Flagged' : '') },
              { header: 'Created', value: (c) => c.created_at, render: (c) => formatTime(c.created_at) },
            ]}
          />
          <nav className="dash-pager" aria-label="Customer pages">
            <button
              type="button"
              className="dash-button dash-button-quiet"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              className="dash-button dash-button-quiet"
              disabled={!page.data.has_more}
              onClick={() =>
                page.data?.next_cursor && setCursors((c) => [...c, page.data?.next_cursor as string])
              }
            >
              Older
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
