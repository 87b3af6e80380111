import { useId } from 'react';
import { describeSource, formatCredits, labelFreeModel } from './format.ts';
import { useOptionalTollgate } from './TollgateProvider.tsx';
import type { KitReceipt } from './types.ts';

export interface GenerationReceiptProps {
  /** The commit's receipt, as the tenant's backend got it from `POST /v1/holds/:id/commit`. */
  readonly receipt: KitReceipt;
  /** Called with a suggested model's id when the customer picks it for next time. */
  readonly onChooseSuggestion?: (modelId: string) => void;
}

/**
 * The receipt after a generation: credits used (and what was reserved, when the actual usage
 * came in lower), credits remaining, which lots paid — plan credits before purchased packs —
 * and cheaper models to try next time. It makes the charge visible and explains it.
 */
export function GenerationReceipt({ receipt, onChooseSuggestion }: GenerationReceiptProps) {
  const tollgate = useOptionalTollgate();
  const headingId = useId();
  const sourceOf = (lotId: string, given: string | null) => {
    const source = given ?? tollgate?.lotSources.get(lotId) ?? null;
    return source === null ? 'Credits' : describeSource(source);
  };
  const saved = receipt.creditsHeld - receipt.creditsCharged;

  return (
    <section className="tg tg-card tg-receipt" aria-labelledby={headingId} data-testid="receipt">
      <h3 id={headingId} className="tg-card__title">
        Receipt{receipt.modelName !== null ? ` — ${receipt.modelName}` : ''}
      </h3>
      <dl className="tg-receipt__figures">
        <div>
          <dt>Credits used</dt>
          <dd data-testid="receipt-used">{formatCredits(receipt.creditsCharged)}</dd>
        </div>
        <div>
          <dt>Credits remaining</dt>
          <dd data-testid="receipt-remaining">{formatCredits(receipt.balance.available)}</dd>
        </div>
      </dl>
      {saved > 0 && (
        <p className="tg-small tg-muted">
          {formatCredits(receipt.creditsHeld)} were reserved; the rest went back to your balance.
        </p>
      )}
      {receipt.lots.length > 0 && (
        <>
          <h4 className="tg-small tg-subtitle">Paid from</h4>
          <ul className="tg-list tg-receipt__lots">
            {receipt.lots.map((lot) => (
              <li key={lot.lotId}>
                <span>{sourceOf(lot.lotId, lot.source)}</span>
                <span>{formatCredits(lot.credits)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {receipt.warnings.length > 0 && (
        <ul className="tg-list">
          {receipt.warnings.map((w) => (
            <li key={`${w.kind}-${w.threshold}`} className="tg-alert tg-alert--warn">
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {receipt.suggestions.length > 0 && (
        <>
          <h4 className="tg-small tg-subtitle">Save next time</h4>
          <ul className="tg-list">
            {receipt.suggestions.slice(0, 3).map((s) => (
              <li key={s.modelId}>
                <button
                  type="button"
                  className="tg-chip"
                  onClick={() => onChooseSuggestion?.(s.modelId)}
                  disabled={onChooseSuggestion === undefined}
                >
                  <span>
                    {s.free ? labelFreeModel(s.modelName) : `${s.modelName} — ${formatCredits(s.credits)}`}
                  </span>
                  <span className="tg-chip__saved">saves {formatCredits(s.creditsSaved)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
