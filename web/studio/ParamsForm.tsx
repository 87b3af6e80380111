import { useId } from 'react';
import type { KitModel } from '../components/index.ts';
import { offersCount, type StudioParams } from './params.ts';

export interface ParamsFormProps {
  readonly model: KitModel;
  readonly value: StudioParams;
  readonly onChange: (next: StudioParams) => void;
  readonly promptPlaceholder: string;
}

/** The next duration step at or above `seconds`, for the "billed as" hint of stepped prices. */
function findStep(model: KitModel, seconds: number): number | null {
  return model.steps.find((s) => s >= seconds) ?? null;
}

/** Prompt, and the parameters the chosen model prices by: variant, clip duration, count. */
export function ParamsForm({ model, value, onChange, promptPlaceholder }: ParamsFormProps) {
  const ids = { prompt: useId(), variant: useId(), duration: useId(), count: useId() };
  const durationPriced = model.pricingKind === 'duration_steps' || model.pricingKind === 'per_second';
  const step = value.duration === null ? null : findStep(model, value.duration);
  const maxCount = Math.min(4, model.maxCount);

  return (
    <div className="studio-params">
      <div className="studio-field">
        <label htmlFor={ids.prompt}>Prompt</label>
        <textarea
          id={ids.prompt}
          rows={3}
          value={value.prompt}
          placeholder={promptPlaceholder}
          onChange={(e) => onChange({ ...value, prompt: e.target.value })}
        />
      </div>
      {model.pricingKind === 'variants' && model.variants.length > 0 && (
        <div className="studio-field">
          <label htmlFor={ids.variant}>Length</label>
          <select
            id={ids.variant}
            value={value.variant ?? ''}
            onChange={(e) => onChange({ ...value, variant: e.target.value })}
            data-testid="variant-select"
          >
            {model.variants.map((v) => (
              <option key={v} value={v}>
                {v.replace(/^(\d+)s$/, '$1 seconds')}
              </option>
            ))}
          </select>
        </div>
      )}
      {durationPriced && value.duration !== null && (
        <div className="studio-field">
          <label htmlFor={ids.duration}>
            Clip duration: {value.duration} s
            {step !== null && step !== value.duration && (
              <span className="tg-muted"> (billed as {step} s)</span>
            )}
          </label>
          <input
            id={ids.duration}
            type="range"
            min={model.minSeconds ?? 1}
            max={model.maxSeconds ?? 30}
            step={1}
            value={value.duration}
            onChange={(e) => onChange({ ...value, duration: Number(e.target.value) })}
            data-testid="duration-slider"
          />
        </div>
      )}
      {offersCount(model) && (
        <div className="studio-field studio-field--inline">
          <label htmlFor={ids.count}>How many</label>
          <input
            id={ids.count}
            type="number"
            min={1}
            max={maxCount}
            value={value.count}
            onChange={(e) =>
              onChange({ ...value, count: Math.min(maxCount, Math.max(1, Number(e.target.value) || 1)) })
            }
          />
        </div>
      )}
    </div>
  );
}
