/**
 * The customer's unfinished request (model, prompt, parameters) kept in this tab's session
 * storage, so a trip to the checkout and back — a full page load — keeps what they typed.
 */
import type { StudioParams } from './params.ts';
import type { PresetId } from './presets.ts';

export interface StudioDraft {
  readonly modelId: string;
  readonly params: StudioParams;
}

const key = (preset: PresetId) => `tollgate-studio:${preset}:draft`;

/** The draft saved for a preset, or null (nothing saved, or unreadable). */
export function readDraft(preset: PresetId): StudioDraft | null {
  try {
    const raw = window.sessionStorage.getItem(key(preset));
    if (raw === null) return null;
    const v = JSON.parse(raw) as Partial<StudioDraft>;
    const p = v.params;
    if (typeof v.modelId !== 'string' || p === undefined || typeof p.prompt !== 'string') return null;
    return {
      modelId: v.modelId,
      params: {
        prompt: p.prompt,
        variant: typeof p.variant === 'string' ? p.variant : null,
        duration: typeof p.duration === 'number' ? p.duration : null,
        count: typeof p.count === 'number' ? p.count : 1,
      },
    };
  } catch {
    return null;
  }
}

/** Saves the draft (storage full or blocked: the draft is simply not kept). */
export function saveDraft(preset: PresetId, draft: StudioDraft): void {
  try {
    window.sessionStorage.setItem(key(preset), JSON.stringify(draft));
  } catch {
    // Private mode or a full storage: nothing to keep, nothing to break.
  }
}
