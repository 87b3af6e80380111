import { useEffect, useRef, useState } from 'react';
import {
  BuyCredits,
  type CheckoutHandler,
  CostPreview,
  GenerationReceipt,
  type KitReceipt,
  LowCredits,
  OutOfCredits,
  PlanPicker,
  TollgateApiError,
  useTollgate,
} from '../components/index.ts';
import { readDraft, saveDraft } from './draft.ts';
import { GenerationOutput } from './GenerationOutput.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import { ParamsForm } from './ParamsForm.tsx';
import { pickDefaultParams, type StudioParams, toApiParams } from './params.ts';
import type { PresetInfo } from './presets.ts';
import { type DemoSession, type GenerationOutput as Output, runGeneration } from './studio-api.ts';

export interface GeneratePanelProps {
  readonly session: DemoSession;
  readonly preset: PresetInfo;
  readonly failureChance: number;
  readonly onCheckout: CheckoutHandler;
}

type Outcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'succeeded'; readonly outputs: readonly Output[]; readonly receipt: KitReceipt }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string };

/**
 * The studio's working area: pick a model and its parameters, see the price, generate, and
 * read the receipt. Out of credits, it offers the packs (or plans) right where the customer is.
 */
export function GeneratePanel({ session, preset, failureChance, onCheckout }: GeneratePanelProps) {
  const { catalog, customer, refresh } = useTollgate();
  // A draft saved before a trip to the checkout comes back with the customer.
  const restored = useRef(readDraft(preset.id));
  const [modelId, setModelId] = useState(restored.current?.modelId ?? preset.defaultModel);
  const [params, setParams] = useState<StudioParams | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [showBuy, setShowBuy] = useState(false);
  const [showPlans, setShowPlans] = useState(false);
  const [lowDismissed, setLowDismissed] = useState(false);
  const buyRef = useRef<HTMLElement>(null);
  const model = catalog?.models.find((m) => m.id === modelId) ?? catalog?.models[0] ?? null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the parameters only when the model changes
  useEffect(() => {
    if (model === null) return;
    const draft = restored.current;
    restored.current = null;
    if (draft !== null && draft.modelId === model.id) setParams(draft.params);
    else setParams((prev) => pickDefaultParams(model, prev?.prompt ?? ''));
  }, [model?.id]);

  useEffect(() => {
    if (model !== null && params !== null) saveDraft(preset.id, { modelId: model.id, params });
  }, [preset.id, model, params]);

  useEffect(() => {
    if (showBuy || showPlans) buyRef.current?.focus();
  }, [showBuy, showPlans]);

  if (catalog === null || model === null || params === null)
    return <p className="tg-muted">Loading the catalog…</p>;
  const apiParams = toApiParams(model, params);
  const available = customer?.balance.available ?? 0;
  const outOfCredits = outcome.kind === 'refused' && outcome.code === 'insufficient_credits';
  // One prompt at a time: the plans the customer asked for, else the out-of-credits offer (never
  // for a free model, which spends no credits), else the packs they asked for.
  const offer: 'plans' | 'out' | 'packs' | 'upgrade' | 'none' = showPlans
    ? 'plans'
    : outOfCredits || (available <= 0 && model.pricingKind !== 'free')
      ? 'out'
      : showBuy
        ? catalog.packs.length > 0
          ? 'packs'
          : 'upgrade'
        : 'none';

  async function generate() {
    if (model === null) return;
    setRunning(true);
    setShowPlans(false);
    try {
      const result = await runGeneration(session, { model: model.id, params: apiParams, failureChance });
      setOutcome(
        result.status === 'succeeded'
          ? { kind: 'succeeded', outputs: result.outputs, receipt: result.receipt }
          : { kind: 'failed', message: result.message },
      );
    } catch (e) {
      const code = e instanceof TollgateApiError ? e.code : 'error';
      setOutcome({ kind: 'refused', code, message: e instanceof Error ? e.message : 'Something went wrong' });
      if (code === 'insufficient_credits') setShowBuy(true);
    } finally {
      setRunning(false);
      await refresh();
    }
  }

  return (
    <div className="studio-grid">
      <section className="studio-panel" aria-labelledby="create-heading">
        <h2 id="create-heading">Create</h2>
        <ModelPicker models={catalog.models} value={model.id} onChange={setModelId} />
        <ParamsForm
          model={model}
          value={params}
          onChange={setParams}
          promptPlaceholder={preset.promptPlaceholder}
        />
        <CostPreview
          model={model.id}
          params={apiParams}
          onChooseAlternative={setModelId}
          {...(offer === 'out' ? {} : { onBuyCredits: () => setShowBuy(true) })}
          onUpgrade={() => {
            setShowBuy(false);
            setShowPlans(true);
          }}
        />
        <button
          type="button"
          className="tg-button studio-generate"
          onClick={() => void generate()}
          disabled={running}
          aria-busy={running}
          data-testid="generate"
        >
          {running ? 'Generating…' : 'Generate'}
        </button>
        {!lowDismissed && offer === 'none' && (
          <LowCredits onBuyCredits={() => setShowBuy(true)} onContinueFree={() => setLowDismissed(true)} />
        )}
      </section>

      <section className="studio-panel" aria-labelledby="result-heading" aria-live="polite">
        <h2 id="result-heading">Result</h2>
        {outcome.kind === 'none' && <p className="tg-muted">Your generation and its receipt appear here.</p>}
        {outcome.kind === 'succeeded' && (
          <>
            <GenerationOutput outputs={outcome.outputs} />
            <GenerationReceipt receipt={outcome.receipt} onChooseSuggestion={setModelId} />
          </>
        )}
        {outcome.kind === 'failed' && (
          <div className="tg-alert tg-alert--danger" data-testid="generation-failed">
            {outcome.message} No credits were charged.
          </div>
        )}
        {outcome.kind === 'refused' && !outOfCredits && (
          <div className="tg-alert tg-alert--danger" data-testid="generation-refused">
            {outcome.message}
          </div>
        )}
        {offer === 'out' && <OutOfCredits force onCheckout={onCheckout} />}
        {offer !== 'none' && offer !== 'out' && (
          <section className="studio-buy" ref={buyRef} tabIndex={-1} aria-label="Get more credits">
            {offer === 'packs' ? (
              <BuyCredits onCheckout={onCheckout} />
            ) : (
              <PlanPicker
                title={offer === 'plans' ? 'Plans with more' : 'Upgrade for more credits'}
                upgradesOnly={offer === 'plans'}
                onChoose={onCheckout}
              />
            )}
          </section>
        )}
      </section>
    </div>
  );
}
