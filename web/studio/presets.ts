/** The two demo flavours of the studio, one per catalog preset shipped with Tollgate. */

export type PresetId = 'directors-palette' | 'musicgen';

export interface PresetInfo {
  readonly id: PresetId;
  readonly label: string;
  readonly tagline: string;
  /** Model selected when the preset opens. */
  readonly defaultModel: string;
  readonly promptPlaceholder: string;
}

export const PRESETS: readonly PresetInfo[] = [
  {
    id: 'directors-palette',
    label: "Director's Palette",
    tagline: 'Stories, images and videos',
    defaultModel: 'gpt-4o',
    promptPlaceholder: 'A lighthouse keeper finds a map in a bottle…',
  },
  {
    id: 'musicgen',
    label: 'MusicGen',
    tagline: 'Music clips by the second',
    defaultModel: 'musicgen',
    promptPlaceholder: 'Lo-fi piano with soft rain',
  },
];

/** The preset named in the URL (`?preset=musicgen`), else the first. */
export function readPresetFromUrl(search: string): PresetId {
  const wanted = new URLSearchParams(search).get('preset');
  return PRESETS.find((p) => p.id === wanted)?.id ?? 'directors-palette';
}

/** Preset info by id. */
export function findPreset(id: PresetId): PresetInfo {
  return PRESETS.find((p) => p.id === id) ?? (PRESETS[0] as PresetInfo);
}
