/**
 * The pricing calculator: sliders for a month of work, one per category of the catalog. The
 * figures come from the server (`POST /v1/public/catalogs/:slug/estimates`), which quotes each
 * line with the same code as `POST /v1/quotes`; the page only shows them. The 3D bars compare
 * what each plan would cost for that month; the table beside them says the same in words.
 */
import { startTransition, useEffect, useId, useRef, useState } from 'react';
import { fetchEstimate, type MonthEstimate, type PublicCatalog } from './api.ts';
import type { Bar, BarsScene } from './bars-scene.ts';
import {
  type LineChoice,
  listOptions,
  sliderMax,
  startingChoices,
  toEstimateItems,
} from './calculator-lines.ts';
import { formatCents, formatCredits, titleCase } from './format.ts';
import { canUseWebGL, loadBarsScene } from './webgl.ts';

const REASONS: Readonly<Record<string, string>> = {
  not_entitled: 'does not include every category used',
  free_quota: 'too few free generations',
  no_packs: 'too few credits, and no packs to top up',
};

function describeBest(catalog: PublicCatalog, estimate: MonthEstimate): string {
  const best = estimate.best;
  if (best === null) return 'No plan covers this month';
  const packs = best.packs
    .map((p) => `${p.count} × ${catalog.packs.find((x) => x.id === p.pack_id)?.name ?? p.pack_id}`)
    .join(' + ');
  return packs === '' ? best.plan_name : `${best.plan_name} + ${packs}`;
}

function Line({
  catalog,
  choice,
  onChange,
}: {
  catalog: PublicCatalog;
  choice: LineChoice;
  onChange: (next: LineChoice) => void;
}) {
  const id = useId();
  const models = catalog.models.filter((m) => m.category === choice.category);
  const model = models.find((m) => m.id === choice.modelId);
  const options = model === undefined ? [] : listOptions(model);
  return (
    <fieldset className="calc-line" data-category={choice.category}>
      <legend>{titleCase(choice.category)}</legend>
      <label htmlFor={`${id}-count`}>
        <span data-testid={`count-${choice.category}`}>{choice.count}</span> a month
      </label>
      <input
        id={`${id}-count`}
        type="range"
        min={0}
        max={sliderMax(choice.category)}
        value={choice.count}
        aria-label={`${titleCase(choice.category)} generations a month`}
        onChange={(e) => onChange({ ...choice, count: Number(e.target.value) })}
      />
      <label className="calc-select">
        Model
        <select
          value={choice.modelId}
          onChange={(e) => {
            const next = models.find((m) => m.id === e.target.value);
            onChange({
              ...choice,
              modelId: e.target.value,
              option: next ? (listOptions(next)[0] ?? '') : '',
            });
          }}
        >
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      {options.length > 0 ? (
        <label className="calc-select">
          Length
          <select value={choice.option} onChange={(e) => onChange({ ...choice, option: e.target.value })}>
            {options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </fieldset>
  );
}

function toBars(catalog: PublicCatalog, estimate: MonthEstimate): Bar[] {
  const plans: Bar[] = estimate.options.map((o) => ({
    label: o.plan_name,
    cents: o.total_cents,
    kind: o.blocked_by !== null ? 'blocked' : o.plan_id === estimate.best?.plan_id ? 'best' : 'plan',
  }));
  return [
    ...plans,
    ...catalog.competitors.map((c) => ({ label: c.name, cents: c.price_cents, kind: 'competitor' as const })),
  ];
}

export function Calculator({ catalog }: { catalog: PublicCatalog }) {
  const [choices, setChoices] = useState<LineChoice[]>(() => startingChoices(catalog));
  const [estimate, setEstimate] = useState<MonthEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const bars = useRef<BarsScene | null>(null);
  const latest = useRef<MonthEstimate | null>(null);
  latest.current = estimate;
  const shownCatalog = useRef(catalog);
  shownCatalog.current = catalog;

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchEstimate(catalog.page.slug, toEstimateItems(catalog, choices), controller.signal)
        .then((e) => {
          startTransition(() => {
            setEstimate(e);
            setError(null);
          });
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
        });
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [catalog, choices]);

  useEffect(() => {
    if (canvas.current === null) return;
    let stopped = false;
    const el = canvas.current;
    // The bars load with the hero's three.js chunk once the calculator scrolls near.
    const near = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        near.disconnect();
        if (!canUseWebGL()) return;
        loadBarsScene().then((scenes) => {
          if (!stopped) bars.current = scenes.startBarsScene(el);
          if (latest.current !== null) bars.current?.show(toBars(shownCatalog.current, latest.current));
        });
      },
      { rootMargin: '200px' },
    );
    near.observe(el);
    return () => {
      stopped = true;
      near.disconnect();
      bars.current?.stop();
      bars.current = null;
    };
  }, []);

  useEffect(() => {
    if (estimate !== null) bars.current?.show(toBars(catalog, estimate));
  }, [catalog, estimate]);

  return (
    <section className="section" aria-labelledby="calc-title" id="calculator">
      <h2 id="calc-title">What would a month cost you?</h2>
      <div className="calc">
        <form className="calc-lines" onSubmit={(e) => e.preventDefault()}>
          {choices.map((c, i) => (
            <Line
              key={c.category}
              catalog={catalog}
              choice={c}
              onChange={(next) => setChoices((all) => all.map((x, j) => (j === i ? next : x)))}
            />
          ))}
        </form>
        <div className="calc-result" aria-live="polite">
          {error !== null ? <p role="alert">{error}</p> : null}
          {estimate === null ? (
            <p>Pricing your month…</p>
          ) : (
            <>
              <dl className="calc-figures">
                <div>
                  <dt>Credits a month</dt>
                  <dd data-testid="calc-credits">{formatCredits(estimate.credits)}</dd>
                </div>
                <div>
                  <dt>Cheapest way to cover it</dt>
                  <dd data-testid="calc-plan">{describeBest(catalog, estimate)}</dd>
                </div>
                <div>
                  <dt>Monthly cost</dt>
                  <dd data-testid="calc-cost">
                    {estimate.best === null ? '—' : formatCents(estimate.best.total_cents)}
                  </dd>
                </div>
              </dl>
              <table className="calc-table">
                <caption className="visually-hidden">What each plan costs for this month</caption>
                <thead>
                  <tr>
                    <th scope="col">Plan</th>
                    <th scope="col">Credits included</th>
                    <th scope="col">This month</th>
                  </tr>
                </thead>
                <tbody>
                  {estimate.options.map((o) => (
                    <tr key={o.plan_id} className={o.plan_id === estimate.best?.plan_id ? 'best' : undefined}>
                      <th scope="row">{o.plan_name}</th>
                      <td>{formatCredits(o.plan_credits)}</td>
                      <td>{o.blocked_by === null ? formatCents(o.total_cents) : REASONS[o.blocked_by]}</td>
                    </tr>
                  ))}
                  {catalog.competitors.map((c) => (
                    <tr key={c.name} className="competitor">
                      <th scope="row">
                        {c.name} <span className="muted">(for comparison)</span>
                      </th>
                      <td>—</td>
                      <td>{formatCents(c.price_cents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <canvas
            ref={canvas}
            className="bars-canvas"
            role="img"
            aria-label="Bars comparing what each plan costs for this month (the table says the same)"
            data-testid="bars-canvas"
          />
        </div>
      </div>
    </section>
  );
}
