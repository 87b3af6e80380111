/**
 * The hero's behaviour: its text names the tenant, and its particle scene (three.js) is loaded
 * after the first paint, only where WebGL works — otherwise the static picture already in the
 * HTML stays, and `data-hero` on the hero says which one shows (`fallback` or `webgl`).
 */
import type { PublicCatalog } from './api.ts';
import { isMusicFlavour } from './flavour.ts';
import { canUseWebGL, loadScenes } from './webgl.ts';

export interface Hero {
  setCatalog(catalog: PublicCatalog): void;
}

/** Starts the hero for the page of `slug`. */
export function startHero(slug: string): Hero {
  const hero = document.getElementById('hero') as HTMLElement;
  const canvas = document.getElementById('hero-canvas') as HTMLCanvasElement;
  const music = slug === 'musicgen';
  const flavour = () => (document.body.classList.contains('flavour-music') ? 'music' : 'studio');
  if (music) document.body.classList.add('flavour-music');
  if (!canUseWebGL()) {
    hero.dataset.hero = 'fallback';
  } else {
    const start = () =>
      loadScenes().then(
        (scenes) => {
          scenes.startHeroScene(canvas, flavour());
          hero.dataset.hero = 'webgl';
        },
        () => {
          hero.dataset.hero = 'fallback';
        },
      );
    // After the first paint and the page's own work: the hero never delays what a visitor reads.
    if ('requestIdleCallback' in window) requestIdleCallback(() => void start(), { timeout: 1500 });
    else setTimeout(() => void start(), 200);
  }
  return {
    setCatalog(catalog) {
      const name = document.getElementById('hero-brand');
      if (name !== null) name.textContent = catalog.name;
      if (isMusicFlavour(catalog)) {
        document.body.classList.add('flavour-music');
        const tagline = document.getElementById('hero-tagline');
        if (tagline !== null)
          tagline.textContent =
            'Type a mood, get a track. Clips are priced by length, free credits every day, packs that never expire.';
      }
    },
  };
}
