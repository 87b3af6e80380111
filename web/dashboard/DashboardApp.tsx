/**
 * The operator dashboard: signs in (or finds the session a one-time link set), then shows the
 * page the address names (`#/usage`, `#/customers/ana`, …) under one date range.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, api, setCsrfToken } from './api.ts';
import { Catalog, type CatalogAnswer } from './pages/Catalog.tsx';
import { Conversion } from './pages/Conversion.tsx';
import { CustomerPage } from './pages/CustomerPage.tsx';
import { Customers } from './pages/Customers.tsx';
import { Overview } from './pages/Overview.tsx';
import { Payments } from './pages/Payments.tsx';
import { Revenue } from './pages/Revenue.tsx';
import { Usage } from './pages/Usage.tsx';
import { Webhooks } from './pages/Webhooks.tsx';
import { defaultRange, type Range, RangePicker } from './RangePicker.tsx';
import { type OperatorSession, SignIn } from './SignIn.tsx';
import { useApi } from './use-api.ts';

const PAGES = [
  ['overview', 'Overview'],
  ['usage', 'Usage'],
  ['revenue', 'Revenue & margins'],
  ['conversion', 'Conversion'],
  ['customers', 'Customers'],
  ['payments', 'Payments'],
  ['webhooks', 'Webhooks'],
  ['catalog', 'Catalog'],
] as const;

function readRoute(): string[] {
  const parts = window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return parts.length === 0 ? ['overview'] : parts;
}

function useRoute(): string[] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function DashboardApp() {
  const [session, setSession] = useState<OperatorSession | null | 'checking'>('checking');
  const expiredLink = new URLSearchParams(window.location.search).get('sign_in') === 'expired';
  useEffect(() => {
    api
      .get<OperatorSession>('/v1/operator/session')
      .then((s) => {
        setCsrfToken(s.csrf_token);
        setSession(s);
      })
      .catch((e) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
        setSession(null);
      });
  }, []);
  if (session === 'checking') return <p aria-busy="true">Loading…</p>;
  if (session === null)
    return (
      <SignIn
        expiredLink={expiredLink}
        onSignedIn={(s) => {
          setCsrfToken(s.csrf_token);
          setSession(s);
        }}
      />
    );
  return (
    <Shell
      session={session}
      onSignOut={async () => {
        await api.post('/v1/operator/session/end');
        setSession(null);
      }}
    />
  );
}

function Shell(props: { session: OperatorSession; onSignOut: () => void }) {
  const route = useRoute();
  const [range, setRange] = useState<Range>(defaultRange);
  const catalog = useApi<CatalogAnswer>('/v1/catalog');
  const page = route[0] ?? 'overview';
  const title = PAGES.find(([id]) => id === page)?.[1] ?? 'Not found';
  const usesRange = page === 'overview' || page === 'usage' || page === 'revenue' || page === 'conversion';
  let body: ReactNode;
  if (page === 'overview') body = <Overview range={range} />;
  else if (page === 'usage') body = <Usage range={range} />;
  else if (page === 'revenue') body = <Revenue range={range} />;
  else if (page === 'conversion') body = <Conversion range={range} />;
  else if (page === 'customers' && route[1] !== undefined)
    body = <CustomerPage key={route[1]} id={route[1]} plans={catalog.data?.plans.map((p) => p.id) ?? []} />;
  else if (page === 'customers') body = <Customers />;
  else if (page === 'payments') body = <Payments />;
  else if (page === 'webhooks') body = <Webhooks />;
  else if (page === 'catalog') body = <Catalog />;
  else body = <p>No page here. Pick one from the menu.</p>;
  return (
    <div className="dash tg">
      <header className="dash-header">
        <p className="dash-brand">
          Tollgate <span>· {props.session.tenant}</span>
        </p>
        <nav aria-label="Dashboard pages">
          <ul className="dash-nav">
            {PAGES.map(([id, label]) => (
              <li key={id}>
                <a href={`#/${id}`} aria-current={page === id ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="dash-button dash-button-quiet" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main className="dash-main">
        <div className="dash-title-row">
          <h1>{route[1] !== undefined && page === 'customers' ? `Customer ${route[1]}` : title}</h1>
          {usesRange && <RangePicker value={range} onChange={setRange} />}
        </div>
        {body}
      </main>
    </div>
  );
}
