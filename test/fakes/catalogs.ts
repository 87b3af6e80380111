/**
 * Catalogs for payment tests: the shipped presets, loaded by the real loader. MusicGen has
 * the packs, Director's Palette the paid plans.
 */
import { loadPreset } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/domain/catalog.ts';

/** Loads a preset or fails the test with the loader's problems. */
export async function loadTestCatalog(name: 'musicgen' | 'directors-palette'): Promise<Catalog> {
  const loaded = await loadPreset(name);
  if (!loaded.ok) throw new Error(`preset ${name} did not load: ${JSON.stringify(loaded.error)}`);
  return loaded.value;
}
