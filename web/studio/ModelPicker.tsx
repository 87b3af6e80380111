import { useId } from 'react';
import type { KitModel } from '../components/index.ts';

export interface ModelPickerProps {
  readonly models: readonly KitModel[];
  readonly value: string;
  readonly onChange: (modelId: string) => void;
}

const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  text: 'Text',
  image: 'Image',
  video: 'Video',
  music: 'Music',
};

function describePrice(model: KitModel): string {
  if (model.pricingKind === 'free' || model.fromCredits === 0) return 'free';
  if (model.fromCredits === null) return '';
  const from = model.pricingKind === 'flat' ? '' : 'from ';
  return `${from}${model.fromCredits} credit${model.fromCredits === 1 ? '' : 's'}`;
}

/** Category tabs (text, image, video) and the models of the chosen one, each with its price. */
export function ModelPicker({ models, value, onChange }: ModelPickerProps) {
  const selectId = useId();
  const current = models.find((m) => m.id === value);
  const categories = [...new Set(models.map((m) => m.category))];
  const category = current?.category ?? categories[0] ?? '';
  const inCategory = models.filter((m) => m.category === category);

  return (
    <div className="studio-model-picker">
      {categories.length > 1 && (
        <fieldset className="studio-segmented">
          <legend>Kind</legend>
          {categories.map((c) => (
            <label key={c} data-checked={c === category}>
              <input
                type="radio"
                name="category"
                value={c}
                checked={c === category}
                onChange={() => {
                  const first =
                    models.find((m) => m.category === c && m.pricingKind !== 'free') ??
                    models.find((m) => m.category === c);
                  if (first !== undefined) onChange(first.id);
                }}
              />
              {CATEGORY_LABELS[c] ?? c}
            </label>
          ))}
        </fieldset>
      )}
      <div className="studio-field">
        <label htmlFor={selectId}>Model</label>
        <select
          id={selectId}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid="model-select"
        >
          {inCategory.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} — {describePrice(m)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
