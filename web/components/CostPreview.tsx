import { type ReactNode, useEffect, useId, useState } from 'react';
import { TollgateApiError } from './client.ts';
import { formatCredits, labelFreeModel } from './format.ts';
import { describeUsedUp, findQuota, joinNames, plansIncluding, pluralCategory } from './plan-limits.ts';
import { useTollgate } from './TollgateProvider.tsx';
import type { KitParams, KitQuote } from './types.ts';
import { useAffordability } from './use-affordability.ts';

export interface CostPreviewProps {
  /** The model the customer chose. */
  readonly model: string;
  /** Its parameters (variant, duration, count, prompt); the price follows them as they change. */
  readonly params: KitParams;
  /** Called with a cheaper model's id when the customer picks an alternative. */
  readonly onChooseAlternative?: (modelId: string) => void;
  /** Called when the customer cannot afford it and wants more credits. */
  readonly onBuyCredits?: () => void;
  /** Called when the customer wants a plan that includes the model or allows more of it. */
  readonly onUpgrade?: () => void;
  /** Milliseconds to wait after the last change before asking for a price. */
  readonly debounceMs?: number;
}

type PreviewState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly quote: KitQuote }
  | { readonly status: 'error'; readonly message: string };

/** Quotes the request after a short pause, cancelling a quote that a newer change made stale. */
function useQuote(model: string, params: KitParams, debounceMs: number): PreviewState {
  const { client } = useTollgate();
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
  const key = JSON.stringify(params);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `params` by value
  useEffect(() => {
    const abort = new AbortController();
    setState({ status: 'loading' });
    const timer = setTimeout(() => {
      client
        .quote(model, params, abort.signal)
        .then((quote) => setState({ status: 'ready', quote }))
        .catch((e: unknown) => {
          if (abort.signal.aborted) return;
          setState({
            status: 'error',
            message: e instanceof TollgateApiError ? e.message : 'Price unavailable',
          });
        });
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [client, model, key, debounceMs]);
  return state;
}

/**
 * The price before a generation: credits for the chosen model and parameters, updated as they
 * change; whether the customer can afford it; and cheaper models of the same kind with the
 * credits each saves ("Try KIMI K2 (free)"). Shown next to the Generate button so there are
 * no surprises.
 */
export function CostPreview({
  model,
  params,
  onChooseAlternative,
  onBuyCredits,
  onUpgrade,
  debounceMs = 150,
}: CostPreviewProps) {
  const { customer } = useTollgate();
  const state = useQuote(model, params, debounceMs);
  const headingId = useId();
  const available = customer?.balance.available ?? null;

  return (
    <section className="tg tg-card tg-preview" aria-labelledby={headingId} data-testid="cost-preview">
      <h3 id={headingId} className="tg-card__title">
        Cost preview
      </h3>
      <div aria-live="polite" aria-atomic="true">
        {state.status === 'loading' && <p className="tg-muted">Pricing…</p>}
        {state.status === 'error' && <p className="tg-text-danger">{state.message}</p>}
        {state.status === 'ready' && (
          <p className="tg-preview__price" data-testid="preview-credits" data-credits={state.quote.credits}>
            {state.quote.free ? (
              <strong>Free</strong>
            ) : (
              <>
                <strong>{formatCredits(state.quote.credits)}</strong> for {state.quote.modelName}
              </>
            )}
          </p>
        )}
        {state.status === 'ready' && (
          <PlanLimit quote={state.quote} onUpgrade={onUpgrade}>
            {available !== null && !state.quote.free && (
              <Affordability needed={state.quote.credits} available={available} onBuyCredits={onBuyCredits} />
            )}
          </PlanLimit>
        )}
        <StillAffordable model={model} />
      </div>
      {state.status === 'ready' && state.quote.alternatives.length > 0 && (
        <div className="tg-preview__alternatives">
          <p className="tg-small tg-muted">Cheaper options for the same request:</p>
          <ul className="tg-list" data-testid="alternatives">
            {state.quote.alternatives.slice(0, 4).map((alt) => (
              <li key={alt.modelId}>
                <button
                  type="button"
                  className="tg-chip"
                  onClick={() => onChooseAlternative?.(alt.modelId)}
                  disabled={onChooseAlternative === undefined}
                >
                  <span>
                    {alt.free ? labelFreeModel(alt.modelName) : alt.modelName}
                    {!alt.free && ` — ${alt.fromPrice ? 'from ' : ''}${formatCredits(alt.credits)}`}
                  </span>
                  <span className="tg-chip__saved">saves {formatCredits(alt.creditsSaved)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * What the plan says before credits do: a model the plan does not include names the plans that
 * do; a used-up daily or monthly limit says when it frees. Otherwise the affordability line.
 */
function PlanLimit(props: { quote: KitQuote; onUpgrade: (() => void) | undefined; children: ReactNode }) {
  const { catalog, customer } = useTollgate();
  const { quote, onUpgrade } = props;
  const plan = catalog?.plans.find((p) => p.id === customer?.planId) ?? null;
  const planName = plan?.name ?? 'your plan';
  const upgrade = onUpgrade !== undefined && (
    <button type="button" className="tg-button tg-button--small" onClick={onUpgrade}>
      See plans
    </button>
  );
  if (quote.entitled === false) {
    const names = plansIncluding(catalog, quote.category).map((p) => p.name);
    return (
      <div className="tg-alert tg-alert--warn" data-testid="not-entitled">
        <span>
          {quote.modelName} is not included in {planName}: {pluralCategory(quote.category)} come with{' '}
          {names.length > 0 ? joinNames(names) : 'other plans'}.
        </span>
        {upgrade}
      </div>
    );
  }
  const usedUp = describeUsedUp(findQuota(customer, quote.category, quote.free));
  if (usedUp !== null) {
    const what = quote.free ? 'free generations' : pluralCategory(quote.category);
    const period = usedUp.which === 'daily' ? 'today' : 'this month';
    return (
      <div className="tg-alert tg-alert--warn" data-testid="quota-used-up">
        <span>
          You've used all {usedUp.limit} {what} {planName} allows {period}. More free up {usedUp.frees}
          {onUpgrade !== undefined ? ', or upgrade for a higher limit.' : '.'}
        </span>
        {onUpgrade !== undefined && (
          <button type="button" className="tg-button tg-button--small" onClick={onUpgrade}>
            Upgrade
          </button>
        )}
      </div>
    );
  }
  return <>{props.children}</>;
}

/** "You can still make 11 × 5 s clips, … with MusicGen": the model's options in product units. */
function StillAffordable({ model }: { model: string }) {
  const answer = useAffordability(model);
  const row = answer?.models.find((m) => m.modelId === model);
  if (row === undefined || !row.entitled) return null;
  return (
    <p className="tg-small tg-muted tg-preview__still" data-testid="preview-affordability">
      You can still make {row.sentence}.
    </p>
  );
}

function Affordability(props: { needed: number; available: number; onBuyCredits: (() => void) | undefined }) {
  if (props.available >= props.needed) {
    return (
      <p className="tg-small tg-text-success" data-testid="affordable">
        You have {formatCredits(props.available)}; {formatCredits(props.available - props.needed)} left after
        this.
      </p>
    );
  }
  return (
    <div className="tg-alert tg-alert--danger" data-testid="unaffordable">
      <span>
        Not enough credits: this needs {formatCredits(props.needed)}, you have{' '}
        {formatCredits(Math.max(0, props.available))}.
      </span>
      {props.onBuyCredits !== undefined && (
        <button type="button" className="tg-button tg-button--small" onClick={props.onBuyCredits}>
          Get credits
        </button>
      )}
    </div>
  );
}
