/**
 * The calculator's rows, one per category of the catalog: which model stands for the category,
 * which option (a variant, a clip length) and how many a month; and what to send the estimate.
 */
import type { EstimateItem, PublicCatalog, PublicModel } from './api.ts';

export interface LineChoice {
  readonly category: string;
  readonly modelId: string;
  /** A variant name, or a duration in seconds written `10s`; '' when the model has none. */
  readonly option: string;
  readonly count: number;
}

/** The options a model's price depends on, as labels (`5s`, `10s`, `hd`). */
export function listOptions(model: PublicModel): string[] {
  const p = model.pricing;
  if (p.kind === 'variants') return (p.variants ?? []).map((v) => v.name);
  if (p.kind === 'duration_steps') return (p.steps ?? []).map((s) => `${s.seconds}s`);
  if (p.kind === 'per_second') {
    const min = p.min_seconds ?? 1;
    const max = p.max_seconds ?? 10;
    return [...new Set([min, 5, 10].filter((s) => s >= min && s <= max))].map((s) => `${s}s`);
  }
  return [];
}

const SLIDER_MAX: Readonly<Record<string, number>> = { text: 1000, image: 500, video: 100, music: 300 };
const START_COUNT: Readonly<Record<string, number>> = { text: 200, image: 40, video: 6, music: 30 };

/** The largest count a category's slider reaches. */
export function sliderMax(category: string): number {
  return SLIDER_MAX[category] ?? 200;
}

/** A first mix: per category the first paid model (else the first), a modest count. */
export function startingChoices(catalog: PublicCatalog): LineChoice[] {
  const categories = [...new Set(catalog.models.map((m) => m.category))];
  return categories.map((category) => {
    const models = catalog.models.filter((m) => m.category === category);
    const model = (models.find((m) => !m.free) ?? models[0]) as PublicModel;
    return {
      category,
      modelId: model.id,
      option: listOptions(model)[0] ?? '',
      count: START_COUNT[category] ?? 10,
    };
  });
}

/** The estimate request for the choices (a clip length goes as `duration`, else as `variant`). */
export function toEstimateItems(catalog: PublicCatalog, choices: readonly LineChoice[]): EstimateItem[] {
  return choices.map((c) => {
    const model = catalog.models.find((m) => m.id === c.modelId);
    if (c.option === '' || model === undefined) return { model: c.modelId, count: c.count };
    if (model.pricing.kind === 'variants')
      return { model: c.modelId, params: { variant: c.option }, count: c.count };
    return { model: c.modelId, params: { duration: Number.parseInt(c.option, 10) }, count: c.count };
  });
}
