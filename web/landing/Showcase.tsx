/**
 * The model showcase: every model of the catalog by category (free models first), its price in
 * credits and dollars, and a sample of what it makes from the demo's simulated provider,
 * fetched only when asked for.
 */
import { useState } from 'react';
import { fetchSample, type PublicCatalog, type PublicModel, type SampleOutput } from './api.ts';
import { formatCreditDollars, formatCredits, titleCase } from './format.ts';

/** The model's price as one line: `12 credits`, `5s 30 · 10s 60 credits`, `Free`. */
export function describePrice(model: PublicModel, creditValueMicros: number): string {
  const p = model.pricing;
  const money = (c: number) => `${formatCredits(c)} (${formatCreditDollars(c, creditValueMicros)})`;
  switch (p.kind) {
    case 'free':
      return 'Free';
    case 'flat':
      return money(p.credits ?? 0);
    case 'variants':
      return (p.variants ?? []).map((v) => `${v.name}: ${money(v.credits)}`).join(' · ');
    case 'duration_steps':
      return (p.steps ?? []).map((s) => `${s.seconds}s: ${money(s.credits)}`).join(' · ');
    case 'per_second':
      return `${money(p.credits_per_second ?? 0)} a second`;
    case 'tokens':
      return `${formatCredits(p.input_credits_per1k ?? 0)} per 1k input, ${formatCredits(p.output_credits_per1k ?? 0)} per 1k output tokens`;
    default:
      return p.kind;
  }
}

function Sample({ output }: { output: SampleOutput }) {
  switch (output.kind) {
    case 'text':
      return <p className="sample-text">{output.text}</p>;
    case 'image':
    case 'video':
      return <img className="sample-media" src={output.url} alt={output.alt} width={320} height={180} />;
    case 'audio':
      return (
        // biome-ignore lint/a11y/useMediaCaption: a generated instrumental clip has no words to caption
        <audio className="sample-audio" controls src={output.url} aria-label={output.alt} />
      );
  }
}

function ModelCard({ catalog, model }: { catalog: PublicCatalog; model: PublicModel }) {
  const [sample, setSample] = useState<SampleOutput | 'loading' | 'failed' | null>(null);
  const show = async () => {
    setSample('loading');
    try {
      setSample(await fetchSample(catalog.page.slug, model.id));
    } catch {
      setSample('failed');
    }
  };
  return (
    <li className="model-card" data-model={model.id}>
      <h4>
        {model.name}
        {model.free ? <span className="badge">Free</span> : null}
      </h4>
      <p className="model-price">{describePrice(model, catalog.credit_value_micros)}</p>
      {sample === null ? (
        <button type="button" className="link-button" onClick={show}>
          Show a sample<span className="visually-hidden"> from {model.name}</span>
        </button>
      ) : sample === 'loading' ? (
        <p aria-live="polite">Loading a sample…</p>
      ) : sample === 'failed' ? (
        <p role="alert">The sample could not be loaded.</p>
      ) : (
        <Sample output={sample} />
      )}
    </li>
  );
}

/** Categories in catalog order, each with its models, free ones first. */
export function groupByCategory(models: readonly PublicModel[]): [string, PublicModel[]][] {
  const groups = new Map<string, PublicModel[]>();
  for (const m of models) groups.set(m.category, [...(groups.get(m.category) ?? []), m]);
  return [...groups.entries()].map(([c, list]) => [
    c,
    [...list.filter((m) => m.free), ...list.filter((m) => !m.free)],
  ]);
}

export function Showcase({ catalog }: { catalog: PublicCatalog }) {
  return (
    <section className="section" aria-labelledby="models-title">
      <h2 id="models-title">Every model, one price list</h2>
      <p className="lede">
        Prices come from the same catalog {catalog.name} charges by: 1 credit is{' '}
        {formatCreditDollars(1, catalog.credit_value_micros)}.
      </p>
      {groupByCategory(catalog.models).map(([category, models]) => (
        <div key={category} className="category">
          <h3>{titleCase(category)}</h3>
          <ul className="model-grid">
            {models.map((m) => (
              <ModelCard key={m.id} catalog={catalog} model={m} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
