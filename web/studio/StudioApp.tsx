import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type CheckoutHandler,
  CreditMeter,
  CreditSheet,
  createTollgateClient,
  TollgateProvider,
  useTollgate,
} from '../components/index.ts';
import { DemoControls } from './DemoControls.tsx';
import { GeneratePanel } from './GeneratePanel.tsx';
import { PlanChangeNotice } from './PlanChangeNotice.tsx';
import { findPreset, type PresetId, readPresetFromUrl } from './presets.ts';
import { type DemoSession, openDemoSession, startDemoCheckout, switchDemoPlan } from './studio-api.ts';

/**
 * The demo studio at `/studio`: a pretend generation app for each preset, wired to Tollgate
 * the way a tenant would wire it — the page holds only a customer session token; the studio's
 * server endpoints do the spending.
 */
export function StudioApp() {
  const [preset, setPreset] = useState<PresetId>(() => readPresetFromUrl(window.location.search));
  const [session, setSession] = useState<DemoSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [failureChance, setFailureChance] = useState(() => {
    const fromUrl = Number(new URLSearchParams(window.location.search).get('fail'));
    return Number.isFinite(fromUrl) ? Math.min(100, Math.max(0, fromUrl)) : 0;
  });

  const open = useCallback(async (id: PresetId, fresh: boolean) => {
    setError(null);
    try {
      setSession(await openDemoSession(id, fresh));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The studio server is not answering');
    }
  }, []);

  useEffect(() => {
    // The failure chance rides in the address, so the checkout's return link brings it back.
    const url = new URL(window.location.href);
    url.searchParams.set('fail', String(failureChance));
    window.history.replaceState(null, '', url);
  }, [failureChance]);

  useEffect(() => {
    // Each preset app wears its own accent: theming is custom properties (see studio.css).
    document.documentElement.dataset.preset = preset;
    const url = new URL(window.location.href);
    url.searchParams.set('preset', preset);
    window.history.replaceState(null, '', url);
    setSession(null);
    void open(preset, false);
  }, [preset, open]);

  const client = useMemo(
    () =>
      session === null
        ? null
        : createTollgateClient({
            baseUrl: window.location.origin,
            sessionToken: session.token,
            customerId: session.customerId,
          }),
    [session],
  );

  const onCheckout: CheckoutHandler = useCallback(
    async (item) => {
      if (session === null) return;
      window.location.assign(await startDemoCheckout(session, item));
    },
    [session],
  );

  const info = findPreset(preset);
  return (
    <div className="studio">
      <a className="studio-skip" href="#studio-main">
        Skip to the studio
      </a>
      {client === null || session === null ? (
        <>
          <header className="studio-header">
            <StudioBrand name={info.label} tagline={info.tagline} />
          </header>
          <main id="studio-main" className="studio-main">
            {error === null ? (
              <p className="tg-muted">Opening the demo…</p>
            ) : (
              <p className="tg-text-danger">{error}</p>
            )}
          </main>
        </>
      ) : (
        <TollgateProvider client={client}>
          <header className="studio-header">
            <StudioBrand name={info.label} tagline={info.tagline} />
            <CreditMeter className="studio-meter" />
            {/* On a phone the credits button sits in the header, in the flow, covering nothing. */}
            <CreditSheet onCheckout={onCheckout} />
          </header>
          <main id="studio-main" className="studio-main">
            <CheckoutNotice />
            <StudioSettings
              session={session}
              preset={preset}
              onPresetChange={setPreset}
              failureChance={failureChance}
              onFailureChanceChange={setFailureChance}
              onReset={() => void open(preset, true)}
            />
            <GeneratePanel
              key={session.customerId}
              session={session}
              preset={info}
              failureChance={failureChance}
              onCheckout={onCheckout}
            />
          </main>
        </TollgateProvider>
      )}
    </div>
  );
}

function StudioBrand({ name, tagline }: { name: string; tagline: string }) {
  return (
    <div className="studio-brand">
      <h1>{name}</h1>
      <p className="tg-muted">{tagline} · Tollgate demo studio</p>
    </div>
  );
}

function StudioSettings(props: {
  session: DemoSession;
  preset: PresetId;
  onPresetChange: (p: PresetId) => void;
  failureChance: number;
  onFailureChanceChange: (n: number) => void;
  onReset: () => void;
}) {
  const { catalog, customer, refresh } = useTollgate();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const plans = catalog?.plans ?? [];
  const current = plans.find((p) => p.id === customer?.planId) ?? null;
  const target = plans.find((p) => p.id === pending) ?? null;

  async function switchTo(plan: string) {
    setPending(null);
    setBusy(true);
    try {
      await switchDemoPlan(props.session, plan);
      await refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <DemoControls
        preset={props.preset}
        onPresetChange={props.onPresetChange}
        plans={plans}
        planId={customer?.planId ?? null}
        onPlanChange={(plan) => {
          const to = plans.find((p) => p.id === plan);
          // A downgrade asks first and says what happens to the credits.
          if (to !== undefined && current !== null && to.priceCents < current.priceCents) setPending(plan);
          else void switchTo(plan);
        }}
        failureChance={props.failureChance}
        onFailureChanceChange={props.onFailureChanceChange}
        onReset={props.onReset}
        busy={busy}
      />
      {customer !== null && target !== null && (
        <PlanChangeNotice
          customer={customer}
          from={current}
          to={target}
          busy={busy}
          onConfirm={() => void switchTo(target.id)}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}

/** After the test checkout sends the customer back: say whether the purchase went through. */
function CheckoutNotice() {
  const result = new URLSearchParams(window.location.search).get('checkout');
  if (result === 'success') {
    return (
      <p className="tg-alert tg-alert--success studio-notice" role="status" data-testid="checkout-success">
        Payment received — your credits have been added.
      </p>
    );
  }
  if (result === 'cancelled') {
    return (
      <p className="tg-alert tg-alert--warn studio-notice" role="status">
        Checkout cancelled — nothing was charged.
      </p>
    );
  }
  return null;
}
