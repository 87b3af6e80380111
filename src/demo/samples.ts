/**
 * One sample of what a model makes, from the studio's simulated provider's drawing code
 * (issue 15's model showcase): the same picture, video placeholder or WAV clip the demo
 * studio answers, seeded by the model's id so a sample is the same on every load.
 */
import type { Model } from '../domain/catalog.ts';
import { drawImage, drawVideoPlaceholder, encodeWavClip, hashSeed } from './media.ts';
import type { ProviderOutput } from './provider.ts';

const SAMPLE_PROMPT = 'a lighthouse at dusk';

/** A sample output for `model`; `seconds` picks a video or music length (default 5). */
export function makeSampleOutput(
  model: Pick<Model, 'id' | 'name' | 'category'>,
  seconds = 5,
): ProviderOutput {
  const seed = hashSeed(`sample|${model.id}`);
  switch (model.category) {
    case 'image':
      return {
        kind: 'image',
        url: drawImage(SAMPLE_PROMPT, seed, model.name),
        alt: `${model.name} sample image`,
      };
    case 'video':
      return {
        kind: 'video',
        url: drawVideoPlaceholder(seconds, seed, model.name),
        duration_seconds: seconds,
        alt: `${seconds}-second ${model.name} sample video`,
      };
    case 'music':
    case 'audio':
      return {
        kind: 'audio',
        url: encodeWavClip(seconds, seed),
        duration_seconds: seconds,
        alt: `${seconds}-second ${model.name} sample clip`,
      };
    default:
      return {
        kind: 'text',
        text: `In the quiet hours before ${SAMPLE_PROMPT}, ${model.name} imagined a turn nobody saw coming, and the map finally made sense.`,
      };
  }
}
