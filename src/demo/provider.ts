/**
 * The simulated generation provider behind the demo studio. It stands where Replicate or
 * OpenAI would: it takes a while, sometimes fails (at a chance the studio sets), and answers
 * text, an image drawn on the server, or a video or audio placeholder of the asked duration.
 */
import type { Model } from '../domain/catalog.ts';
import type { GenerationParams } from '../domain/pricing.ts';
import { createRandom, drawImage, drawVideoPlaceholder, encodeWavClip, hashSeed } from './media.ts';

export type ProviderOutput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly url: string; readonly alt: string }
  | {
      readonly kind: 'video' | 'audio';
      readonly url: string;
      readonly duration_seconds: number;
      readonly alt: string;
    };

export type ProviderResult =
  | { readonly ok: true; readonly outputs: readonly ProviderOutput[] }
  | { readonly ok: false; readonly message: string };

export interface SimulateInput {
  readonly model: Pick<Model, 'id' | 'name' | 'category'>;
  readonly params: GenerationParams;
  /** 0–1. */
  readonly failureChance: number;
  /** Uniform [0, 1); injected so tests can force a failure or a success. */
  readonly random?: () => number;
  /** Milliseconds the "provider" takes; default 250. */
  readonly latencyMs?: number;
}

/** Seconds of output the request asks for: `duration`, else a `10s` variant, else 5. */
export function readDurationSeconds(params: GenerationParams): number {
  if (params.duration !== undefined) return Math.max(1, Math.ceil(params.duration));
  const fromVariant = params.variant === undefined ? undefined : /^(\d+)s$/.exec(params.variant)?.[1];
  return fromVariant === undefined ? 5 : Number(fromVariant);
}

const OPENINGS = [
  'Once, at the edge of',
  'Nobody expected',
  'In the quiet hours before',
  'The last light over',
];
const ENDINGS = ['and the map finally made sense.', 'so the story began again.', 'which changed everything.'];

function writeText(model: string, prompt: string, seed: number): string {
  const random = createRandom(seed);
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)] ?? '';
  const topic = prompt.trim() === '' ? 'an unwritten story' : prompt.trim().slice(0, 160);
  return `${pick(OPENINGS)} ${topic.charAt(0).toLowerCase()}${topic.slice(1)}, ${model} imagined a turn nobody saw coming, ${pick(ENDINGS)}`;
}

function makeOutput(input: SimulateInput, index: number): ProviderOutput {
  const { model, params } = input;
  const prompt = params.prompt ?? '';
  const seed = hashSeed(`${model.id}|${prompt}|${index}|${Date.now()}`);
  switch (model.category) {
    case 'image':
      return {
        kind: 'image',
        url: drawImage(prompt, seed, model.name),
        alt: `${model.name} image: ${prompt || 'untitled'}`,
      };
    case 'video': {
      const seconds = readDurationSeconds(params);
      return {
        kind: 'video',
        url: drawVideoPlaceholder(seconds, seed, model.name),
        duration_seconds: seconds,
        alt: `${seconds}-second ${model.name} video placeholder`,
      };
    }
    case 'music':
    case 'audio': {
      const seconds = readDurationSeconds(params);
      return {
        kind: 'audio',
        url: encodeWavClip(seconds, seed),
        duration_seconds: seconds,
        alt: `${seconds}-second ${model.name} clip`,
      };
    }
    default:
      return { kind: 'text', text: writeText(model.name, prompt, seed) };
  }
}

/** Runs the pretend generation: waits, then fails at the set chance or answers the outputs. */
export async function simulateGeneration(input: SimulateInput): Promise<ProviderResult> {
  const random = input.random ?? Math.random;
  await new Promise((resolve) => setTimeout(resolve, input.latencyMs ?? 250));
  if (random() < input.failureChance) {
    return { ok: false, message: `${input.model.name} failed to generate (simulated provider error).` };
  }
  const count = Math.max(1, input.params.count ?? 1);
  return { ok: true, outputs: Array.from({ length: count }, (_, i) => makeOutput(input, i)) };
}
