/** The generation parameters the studio sends, chosen so each model gets the ones it prices by. */
import type { KitModel, KitParams } from '../components/index.ts';

export interface StudioParams {
  readonly prompt: string;
  readonly variant: string | null;
  readonly duration: number | null;
  readonly count: number;
}

/** Whether the studio offers a count for this model (images and clips, not text or video). */
export function offersCount(model: KitModel): boolean {
  return model.maxCount > 1 && (model.category === 'image' || model.category === 'music');
}

/** Sensible starting parameters for a model: its first variant, a 10 s clip, one generation. */
export function pickDefaultParams(model: KitModel, prompt: string): StudioParams {
  const durationPriced = model.pricingKind === 'duration_steps' || model.pricingKind === 'per_second';
  const min = model.minSeconds ?? 1;
  const max = model.maxSeconds ?? 30;
  return {
    prompt,
    variant: model.pricingKind === 'variants' ? (model.variants[0] ?? null) : null,
    duration: durationPriced ? Math.min(max, Math.max(min, 10)) : null,
    count: 1,
  };
}

/** The API's params for a model: only the words its pricing uses. */
export function toApiParams(model: KitModel, p: StudioParams): KitParams {
  return {
    ...(p.prompt.trim() === '' ? {} : { prompt: p.prompt }),
    ...(p.variant !== null && model.pricingKind === 'variants' ? { variant: p.variant } : {}),
    ...(p.duration !== null && (model.pricingKind === 'duration_steps' || model.pricingKind === 'per_second')
      ? { duration: p.duration }
      : {}),
    ...(offersCount(model) && p.count > 1 ? { count: p.count } : {}),
  };
}
