import type { PublicCatalog } from './api.ts';

/** Whether a catalog is all music (MusicGen's): the page takes its music flavour. */
export function isMusicFlavour(catalog: PublicCatalog): boolean {
  return catalog.models.length > 0 && catalog.models.every((m) => m.category === 'music');
}
